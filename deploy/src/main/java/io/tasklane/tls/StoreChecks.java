package io.tasklane.tls;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.UnrecoverableKeyException;
import java.security.cert.Certificate;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Date;
import java.util.List;

/**
 * The checks a node makes of its TLS material before it starts (Pekko opens the stores only at the
 * first connection, so a mistake would show late, as a failed handshake). Each failure names the
 * file and what is wrong, and says how to fix it.
 */
final class StoreChecks {

  static final String HOW_TO_MAKE = "make the material with 'tasklane certs init --dir DIR --hosts HOST,...' (docs/security.md)";

  private StoreChecks() {}

  /** The directory exists and holds every file a node needs; all missing ones are named at once. */
  static void present(TlsFiles files) {
    if (!Files.isDirectory(files.dir())) {
      throw new TlsMaterialException("--tls-dir " + files.dir() + ": no such directory; " + HOW_TO_MAKE);
    }
    List<String> missing = new ArrayList<>();
    for (Path needed : List.of(files.nodeKeyStore(), files.trustStore(), files.storePassword())) {
      if (!Files.isRegularFile(needed)) {
        missing.add(needed.getFileName().toString());
      }
    }
    if (!missing.isEmpty()) {
      throw new TlsMaterialException("--tls-dir " + files.dir() + " lacks " + String.join(", ", missing) + "; " + HOW_TO_MAKE);
    }
  }

  /** Opens a PKCS12 store; a wrong password is said as such, not as a padding error. */
  static KeyStore open(Path file, char[] password, Path passwordFile) {
    try (InputStream in = Files.newInputStream(file)) {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(in, password);
      return store;
    } catch (NoSuchFileException missing) {
      throw new TlsMaterialException(file + " is missing; " + HOW_TO_MAKE);
    } catch (AccessDeniedException denied) {
      throw new TlsMaterialException(file + " cannot be read by this user");
    } catch (IOException | GeneralSecurityException failed) {
      if (failed.getCause() instanceof UnrecoverableKeyException || String.valueOf(failed.getMessage()).contains("password")) {
        throw new TlsMaterialException("wrong password: " + file + " cannot be opened with the password in " + passwordFile
            + " (the store and the password file must come from the same 'certs init')");
      }
      throw new TlsMaterialException(file + " is not a PKCS12 key store: " + failed.getMessage());
    }
  }

  /** The node's certificate chain (its own first), from the store's one private key entry. */
  static X509Certificate[] nodeChain(KeyStore store, Path file) {
    try {
      for (String alias : Collections.list(store.aliases())) {
        if (store.isKeyEntry(alias)) {
          Certificate[] chain = store.getCertificateChain(alias);
          if (chain == null || chain.length == 0) {
            throw new TlsMaterialException(file + ": the key '" + alias + "' has no certificate");
          }
          X509Certificate[] certificates = new X509Certificate[chain.length];
          for (int i = 0; i < chain.length; i++) {
            certificates[i] = (X509Certificate) chain[i];
          }
          return certificates;
        }
      }
    } catch (KeyStoreException broken) {
      throw new TlsMaterialException(file + " cannot be read: " + broken.getMessage());
    }
    throw new TlsMaterialException(file + " holds no private key: it is not a node key store; " + HOW_TO_MAKE);
  }

  /** The CA certificates the trust store holds; none is an error. */
  static List<X509Certificate> trusted(KeyStore store, Path file) {
    List<X509Certificate> trusted = new ArrayList<>();
    try {
      for (String alias : Collections.list(store.aliases())) {
        if (store.isCertificateEntry(alias) && store.getCertificate(alias) instanceof X509Certificate certificate) {
          trusted.add(certificate);
        }
      }
    } catch (KeyStoreException broken) {
      throw new TlsMaterialException(file + " cannot be read: " + broken.getMessage());
    }
    if (trusted.isEmpty()) {
      throw new TlsMaterialException(file + " holds no CA certificate: no node could be trusted; " + HOW_TO_MAKE);
    }
    return trusted;
  }

  /** The node certificate was issued (directly, or through the chain's intermediates) by a trusted CA. */
  static X509Certificate issuedByTrusted(X509Certificate[] chain, List<X509Certificate> trusted, TlsFiles files) {
    for (int i = 0; i < chain.length; i++) {
      for (X509Certificate ca : trusted) {
        if (signedBy(chain[i], ca)) {
          return ca;
        }
      }
      if (i + 1 == chain.length || !signedBy(chain[i], chain[i + 1])) {
        break;
      }
    }
    List<String> trustedNames = trusted.stream().map(ca -> "'" + ca.getSubjectX500Principal().getName() + "'").toList();
    throw new TlsMaterialException("the node certificate in " + files.nodeKeyStore() + " was issued by '"
        + chain[0].getIssuerX500Principal().getName() + "', but " + files.trustStore() + " trusts only "
        + String.join(", ", trustedNames) + ": they come from different 'certs init' runs; copy one run's whole directory");
  }

  /** Valid now; an expired or not yet valid certificate is named with its dates. */
  static void validNow(X509Certificate certificate, String what, Instant now) {
    try {
      certificate.checkValidity(Date.from(now));
    } catch (CertificateExpiredException expired) {
      throw new TlsMaterialException(what + " expired on " + certificate.getNotAfter().toInstant()
          + "; issue fresh material with 'tasklane certs init --dir DIR' in the directory that holds the CA's key ("
          + TlsFiles.CA_KEY_STORE + ")");
    } catch (CertificateNotYetValidException early) {
      throw new TlsMaterialException(what + " is not valid before " + certificate.getNotBefore().toInstant()
          + " (now is " + now + "): check this machine's clock");
    }
  }

  private static boolean signedBy(X509Certificate certificate, X509Certificate issuer) {
    if (!certificate.getIssuerX500Principal().equals(issuer.getSubjectX500Principal())) {
      return false;
    }
    try {
      certificate.verify(issuer.getPublicKey());
      return true;
    } catch (GeneralSecurityException notThisOne) {
      return false;
    }
  }
}
