package io.tasklane.tls;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Makes a cluster's TLS material ({@link TlsFiles}) with the JDK's keytool: a CA (kept when the
 * directory has one, so re-running renews node material or adds hosts without touching the nodes'
 * trust), a node key with a certificate the CA signed for the given hosts, a trust store holding the
 * CA, and the CA certificate as PEM for clients. Everything is made in an owner-only directory and
 * moved into place at the end: an interrupted run leaves the old material as it was.
 */
public final class CertsInit {

  /** How long the CA is valid: it outlives many node certificates. */
  public static final int CA_DAYS = 3650;
  /** The default validity of node certificates (the longest browsers accept, a common choice). */
  public static final int NODE_DAYS = 825;

  private static final String KEY_ARGS = "-keyalg EC -groupname secp256r1 -sigalg SHA256withECDSA";
  private static final String CA_PASS_ENV = "TASKLANE_CA_PASS";
  private static final String STORE_PASS_ENV = "TASKLANE_STORE_PASS";

  /**
   * What was made.
   *
   * @param keptCa whether an existing CA signed the node certificate
   * @param names the names the node certificate is for
   * @param notAfter when the node certificate expires
   */
  public record Made(TlsFiles files, boolean keptCa, String caName, List<String> names, Instant notAfter) {}

  private CertsInit() {}

  /**
   * @param hosts names and addresses clients and nodes use for the nodes (loopback is added)
   * @param days how long the node certificate is valid
   * @throws IllegalArgumentException for a bad host or day count
   * @throws TlsMaterialException when the directory holds material without its CA, or keytool fails
   */
  public static Made run(Path dir, List<String> hosts, int days) throws IOException {
    return run(dir, hosts, days, null);
  }

  /** As {@link #run(Path, List, int)}, the node certificate valid from {@code startDate} (keytool's form, e.g. -400d): tests. */
  static Made run(Path dir, List<String> hosts, int days, String startDate) throws IOException {
    if (days < 1) {
      throw new IllegalArgumentException("--days must be at least 1, not " + days);
    }
    List<String> names = SubjectNames.withLoopback(hosts);
    String san = SubjectNames.keytoolExtension(names);
    TlsFiles files = new TlsFiles(dir);
    createDir(files.dir());
    boolean keepCa = Files.exists(files.caKeyStore()) && Files.exists(files.caPassword());
    if (!keepCa) {
      List<String> present = files.all().stream().filter(Files::exists).map(path -> path.getFileName().toString()).toList();
      if (!present.isEmpty()) {
        throw new TlsMaterialException(files.dir() + " already holds " + String.join(", ", present) + " but not the CA's key ("
            + TlsFiles.CA_KEY_STORE + " and " + TlsFiles.CA_PASSWORD + ") to issue more: choose an empty directory");
      }
    }
    Path work = Secrets.ownerOnlyTempDir(files.dir());
    try {
      return make(files, work, keepCa, names, san, days, startDate);
    } catch (GeneralSecurityException broken) {
      throw new TlsMaterialException("cannot assemble the key stores: " + broken, broken);
    } finally {
      deleteTree(work);
    }
  }

  private static Made make(TlsFiles files, Path work, boolean keepCa, List<String> names, String san, int days,
      String startDate) throws IOException, GeneralSecurityException {
    String caPass = keepCa ? new String(Secrets.readPassword(files.caPassword())) : Secrets.newPassword();
    String storePass = Secrets.newPassword();
    Path caStore = keepCa ? files.caKeyStore() : work.resolve(TlsFiles.CA_KEY_STORE);
    Keytool keytool = new Keytool(work, Map.of(CA_PASS_ENV, caPass, STORE_PASS_ENV, storePass));
    if (!keepCa) {
      Secrets.writeOwnerOnly(work.resolve(TlsFiles.CA_PASSWORD), caPass);
      // a random suffix: two clusters' CAs differ by name too, which makes a foreign certificate easy to spot
      String caName = "Tasklane cluster CA " + Secrets.randomHex(4);
      keytool.run(args("-genkeypair -alias", TlsFiles.CA_ALIAS, KEY_ARGS, "-validity", Integer.toString(CA_DAYS),
          "-ext bc:c=ca:true,pathlen:0 -ext ku:c=keyCertSign,cRLSign -storetype PKCS12",
          "-keystore", caStore.toString(), "-storepass:env", CA_PASS_ENV, "-dname", "CN=" + caName));
    }
    Secrets.writeOwnerOnly(work.resolve(TlsFiles.STORE_PASSWORD), storePass);
    Path nodeStore = work.resolve(TlsFiles.NODE_KEY_STORE);
    keytool.run(args("-genkeypair -alias", TlsFiles.NODE_ALIAS, KEY_ARGS, "-validity", Integer.toString(days),
        "-storetype PKCS12 -keystore", nodeStore.toString(), "-storepass:env", STORE_PASS_ENV, "-dname", "CN=tasklane-node"));
    keytool.run(args("-certreq -alias", TlsFiles.NODE_ALIAS, "-keystore", nodeStore.toString(),
        "-storepass:env", STORE_PASS_ENV, "-file node.csr"));
    List<String> sign = new ArrayList<>(List.of(args("-gencert -alias", TlsFiles.CA_ALIAS, "-keystore", caStore.toString(),
        "-storepass:env", CA_PASS_ENV, "-infile node.csr -outfile", TlsFiles.NODE_PEM, "-rfc -validity",
        Integer.toString(days), "-ext", san, "-ext ku:c=digitalSignature,keyEncipherment -ext eku=serverAuth,clientAuth")));
    if (startDate != null) {
      sign.addAll(List.of("-startdate", startDate));
    }
    keytool.run(sign.toArray(String[]::new));

    X509Certificate ca = (X509Certificate) load(caStore, caPass).getCertificate(TlsFiles.CA_ALIAS);
    X509Certificate node = readCertificate(work.resolve(TlsFiles.NODE_PEM));
    KeyStore nodeKeys = load(nodeStore, storePass);
    PrivateKey key = (PrivateKey) nodeKeys.getKey(TlsFiles.NODE_ALIAS, storePass.toCharArray());
    nodeKeys.setKeyEntry(TlsFiles.NODE_ALIAS, key, storePass.toCharArray(), new Certificate[] {node, ca});
    store(nodeKeys, nodeStore, storePass);
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    trust.setCertificateEntry(TlsFiles.CA_ALIAS, ca);
    store(trust, work.resolve(TlsFiles.TRUST_STORE), storePass);
    Files.writeString(work.resolve(TlsFiles.CA_PEM), pem(ca), StandardCharsets.US_ASCII);
    Files.delete(work.resolve("node.csr"));
    Secrets.ownerOnly(nodeStore);
    if (!keepCa) {
      Secrets.ownerOnly(caStore);
    }
    moveIntoPlace(work, files.dir());
    return new Made(files, keepCa, ca.getSubjectX500Principal().getName(), names, node.getNotAfter().toInstant());
  }

  private static String[] args(String... parts) {
    List<String> args = new ArrayList<>();
    for (String part : parts) {
      // fixed options are written as one string; file names, names and values are passed whole
      if (part.startsWith("-") && part.contains(" ")) {
        args.addAll(List.of(part.split(" ")));
      } else {
        args.add(part);
      }
    }
    return args.toArray(String[]::new);
  }

  static KeyStore load(Path file, String password) throws IOException, GeneralSecurityException {
    KeyStore store = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(file)) {
      store.load(in, password.toCharArray());
    }
    return store;
  }

  private static void store(KeyStore store, Path file, String password) throws IOException, GeneralSecurityException {
    try (OutputStream out = Files.newOutputStream(file)) {
      store.store(out, password.toCharArray());
    }
  }

  static X509Certificate readCertificate(Path pem) throws IOException, GeneralSecurityException {
    try (InputStream in = Files.newInputStream(pem)) {
      return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
    }
  }

  static String pem(X509Certificate certificate) throws GeneralSecurityException {
    String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(certificate.getEncoded());
    return "-----BEGIN CERTIFICATE-----\n" + body + "\n-----END CERTIFICATE-----\n";
  }

  /** The CA's key first (a later failure then still leaves a CA that signed nothing stale), then the rest. */
  private static void moveIntoPlace(Path work, Path dir) throws IOException {
    List<Path> made;
    try (Stream<Path> listing = Files.list(work)) {
      made = listing.sorted(Comparator.comparing((Path path) -> !path.getFileName().toString().startsWith("ca"))).toList();
    }
    for (Path file : made) {
      Files.move(file, dir.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
  }

  private static void createDir(Path dir) throws IOException {
    if (Files.isDirectory(dir)) {
      return;
    }
    if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
      Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    } else {
      Files.createDirectories(dir);
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }
}
