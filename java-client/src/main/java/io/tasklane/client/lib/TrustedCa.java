package io.tasklane.client.lib;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The TLS context of a client that trusts the certificates of one PEM file (a private CA, or a
 * server's self-signed certificate) instead of the JDK's default authorities: a cluster behind
 * its own CA is reached over HTTPS without touching the JVM's trust store.
 */
final class TrustedCa {

  private TrustedCa() {
  }

  /**
   * An {@link SSLContext} trusting every certificate in {@code pemFile}.
   *
   * @throws IllegalArgumentException naming the file when it is missing, unreadable or holds no certificate
   */
  static SSLContext context(Path pemFile) {
    if (!Files.isRegularFile(pemFile)) {
      throw new IllegalArgumentException("no CA file " + pemFile.toAbsolutePath());
    }
    try (InputStream in = Files.newInputStream(pemFile)) {
      Collection<? extends Certificate> certificates = CertificateFactory.getInstance("X.509").generateCertificates(in);
      if (certificates.isEmpty()) {
        throw new IllegalArgumentException("the CA file " + pemFile + " holds no certificate");
      }
      KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
      trusted.load(null, null);
      int n = 0;
      for (Certificate certificate : certificates) {
        trusted.setCertificateEntry("ca-" + n++, certificate);
      }
      TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(trusted);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, trust.getTrustManagers(), null);
      return context;
    } catch (IOException | GeneralSecurityException unusable) {
      throw new IllegalArgumentException("cannot use the CA file " + pemFile + " (PEM certificates expected): "
          + Transport.reason(unusable), unusable);
    }
  }
}
