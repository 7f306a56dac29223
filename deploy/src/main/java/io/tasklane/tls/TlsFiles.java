package io.tasklane.tls;

import java.nio.file.Path;
import java.util.List;

/**
 * The layout of a TLS directory made by {@code tasklane certs init} (docs/security.md). Nodes need
 * {@link #nodeKeyStore()}, {@link #trustStore()} and {@link #storePassword()}; clients need
 * {@link #caCertificate()}; the CA's key ({@link #caKeyStore()}, {@link #caPassword()}) is only for
 * issuing node material again and belongs on no node.
 */
public record TlsFiles(Path dir) {

  public static final String CA_PEM = "ca.pem";
  public static final String CA_KEY_STORE = "ca-key.p12";
  public static final String CA_PASSWORD = "ca.pass";
  public static final String NODE_KEY_STORE = "node.p12";
  public static final String NODE_PEM = "node.pem";
  public static final String TRUST_STORE = "truststore.p12";
  public static final String STORE_PASSWORD = "store.pass";

  /** The alias of the node's key in {@link #nodeKeyStore()}, and of the CA in the stores. */
  static final String NODE_ALIAS = "node";
  static final String CA_ALIAS = "ca";

  public TlsFiles {
    dir = dir.toAbsolutePath().normalize();
  }

  /** The CA certificate (PEM): what clients trust ({@code --ca-file}). Public. */
  public Path caCertificate() {
    return dir.resolve(CA_PEM);
  }

  /** The CA's private key and certificate (PKCS12). Secret; keep it off the nodes. */
  public Path caKeyStore() {
    return dir.resolve(CA_KEY_STORE);
  }

  /** The password of {@link #caKeyStore()}. Secret. */
  public Path caPassword() {
    return dir.resolve(CA_PASSWORD);
  }

  /** The node's private key with its certificate chain (PKCS12). Secret. */
  public Path nodeKeyStore() {
    return dir.resolve(NODE_KEY_STORE);
  }

  /** The node's certificate (PEM), for people to inspect. Public. */
  public Path nodeCertificate() {
    return dir.resolve(NODE_PEM);
  }

  /** The CA certificate as a PKCS12 trust store: whom a node lets in. */
  public Path trustStore() {
    return dir.resolve(TRUST_STORE);
  }

  /** The password of {@link #nodeKeyStore()} and {@link #trustStore()}. Secret. */
  public Path storePassword() {
    return dir.resolve(STORE_PASSWORD);
  }

  /** Every file {@code certs init} writes. */
  List<Path> all() {
    return List.of(caCertificate(), caKeyStore(), caPassword(), nodeKeyStore(), nodeCertificate(), trustStore(),
        storePassword());
  }
}
