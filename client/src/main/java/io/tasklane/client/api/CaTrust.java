package io.tasklane.client.api;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Trust in a cluster's own CA ({@code --ca-file}, the {@code ca.pem} that {@code tasklane certs
 * init} writes): an SSL context that accepts the servers whose certificates that CA issued, and no
 * others (the JDK's public CAs included: a cluster's API has no business with them).
 */
public final class CaTrust {

  private CaTrust() {}

  /** @throws ApiException (exit 2) naming the file when it is missing or holds no certificate */
  public static SSLContext fromPem(Path file) throws ApiException {
    try (InputStream in = Files.newInputStream(file)) {
      Collection<? extends Certificate> certificates = CertificateFactory.getInstance("X.509").generateCertificates(in);
      if (certificates.isEmpty()) {
        throw new ApiException(Exit.USAGE, "--ca-file " + file + " holds no PEM certificate (expected the ca.pem of "
            + "'tasklane certs init')");
      }
      KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
      trusted.load(null, null);
      int i = 0;
      for (Certificate certificate : certificates) {
        trusted.setCertificateEntry("ca-" + i++, certificate);
      }
      TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(trusted);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, trust.getTrustManagers(), null);
      return context;
    } catch (NoSuchFileException missing) {
      throw new ApiException(Exit.USAGE, "--ca-file " + file + ": no such file");
    } catch (AccessDeniedException denied) {
      throw new ApiException(Exit.USAGE, "--ca-file " + file + ": cannot be read by this user");
    } catch (IOException | GeneralSecurityException unreadable) {
      throw new ApiException(Exit.USAGE, "--ca-file " + file + " is not a PEM certificate: " + unreadable.getMessage());
    }
  }
}
