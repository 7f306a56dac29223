package io.tasklane.tls;

import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.UnrecoverableKeyException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A node's TLS material from {@code --tls-dir}, loaded and checked when the node starts: Artery's
 * settings (TLS over TCP, mutual authentication: only nodes with a certificate from the cluster's
 * CA get in) and the SSL context of the HTTPS API and health port.
 */
public final class NodeTls {

  private static final String SSL = "pekko.remote.artery.ssl.config-ssl-engine.";

  private final TlsFiles files;
  private final String password;
  private final SSLContext context;
  private final X509Certificate certificate;
  private final X509Certificate ca;

  private NodeTls(TlsFiles files, String password, SSLContext context, X509Certificate certificate, X509Certificate ca) {
    this.files = files;
    this.password = password;
    this.context = context;
    this.certificate = certificate;
    this.ca = ca;
  }

  /**
   * Loads and checks the material in {@code dir}: every file there, the password opens both stores,
   * the node certificate comes from the trusted CA, both are valid now, and, when
   * {@code clientsConnectTo} is set (a node serving HTTPS), the certificate names that host.
   *
   * @param clientsConnectTo the address HTTPS clients use; null to skip that check
   * @throws TlsMaterialException saying what is wrong, with which file
   */
  public static NodeTls load(Path dir, String clientsConnectTo, Instant now) {
    TlsFiles files = new TlsFiles(dir);
    StoreChecks.present(files);
    char[] password = Secrets.readPassword(files.storePassword());
    KeyStore keys = StoreChecks.open(files.nodeKeyStore(), password, files.storePassword());
    KeyStore trust = StoreChecks.open(files.trustStore(), password, files.storePassword());
    X509Certificate[] chain = StoreChecks.nodeChain(keys, files.nodeKeyStore());
    X509Certificate ca = StoreChecks.issuedByTrusted(chain, StoreChecks.trusted(trust, files.trustStore()), files);
    StoreChecks.validNow(chain[0], "the node certificate in " + files.nodeKeyStore(), now);
    StoreChecks.validNow(ca, "the CA certificate in " + files.trustStore(), now);
    if (clientsConnectTo != null && !isWildcardBind(clientsConnectTo)
        && !SubjectNames.covers(SubjectNames.of(chain[0]), clientsConnectTo)) {
      throw new TlsMaterialException("the node certificate in " + files.nodeKeyStore() + " is for "
          + SubjectNames.of(chain[0]) + ", not for " + clientsConnectTo + " (--host), which HTTPS clients connect to: "
          + "issue it again with that host, 'tasklane certs init --dir DIR --hosts " + clientsConnectTo
          + ",...' in the directory that holds the CA's key (" + TlsFiles.CA_KEY_STORE + ")");
    }
    return new NodeTls(files, new String(password), context(keys, trust, password, files), chain[0], ca);
  }

  private static SSLContext context(KeyStore keys, KeyStore trust, char[] password, TlsFiles files) {
    try {
      KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      keyManagers.init(keys, password);
      TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trustManagers.init(trust);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keyManagers.getKeyManagers(), trustManagers.getTrustManagers(), null);
      return context;
    } catch (UnrecoverableKeyException wrongKeyPassword) {
      throw new TlsMaterialException("the private key in " + files.nodeKeyStore() + " cannot be opened with the password in "
          + files.storePassword() + " (the key and its store must share the password)");
    } catch (GeneralSecurityException broken) {
      throw new TlsMaterialException("cannot set up TLS from " + files.dir() + ": " + broken.getMessage(), broken);
    }
  }

  /** 0.0.0.0 or :: listen everywhere: which name clients use is unknown here. */
  private static boolean isWildcardBind(String host) {
    return host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]");
  }

  /**
   * Artery's settings: TLS over TCP with the node's key, trusting the cluster's CA only, and the
   * peer's certificate required (set here, above any configuration: it is what keeps strangers out).
   */
  public Map<String, Object> arteryConfig() {
    return Map.of(
        "pekko.remote.artery.transport", "tls-tcp",
        SSL + "key-store", files.nodeKeyStore().toString(),
        SSL + "key-store-password", password,
        SSL + "key-password", password,
        SSL + "trust-store", files.trustStore().toString(),
        SSL + "trust-store-password", password,
        SSL + "require-mutual-authentication", true);
  }

  /** For the HTTPS API and the health port. */
  public SSLContext sslContext() {
    return context;
  }

  public TlsFiles files() {
    return files;
  }

  /** One line for the node's log: where the material is from, whom it trusts, until when. */
  public String describe() {
    return "TLS from " + files.dir() + ": node certificate for " + SubjectNames.of(certificate) + " valid until "
        + certificate.getNotAfter().toInstant() + ", trusting '" + ca.getSubjectX500Principal().getName() + "'";
  }

  /** The names the node certificate is for. */
  public List<String> names() {
    return SubjectNames.of(certificate);
  }
}
