package io.tasklane.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CertsInitTest {

  @TempDir static Path shared;
  private static Path dir;
  private static String firstCaPem;

  @TempDir Path work;

  @BeforeAll
  static void makeOnce() throws Exception {
    dir = Material.make(shared, "tls", List.of("10.0.0.1", "coordinator.example.org"));
    firstCaPem = Files.readString(dir.resolve(TlsFiles.CA_PEM));
  }

  @Test
  void writesEveryFileAndTheSecretsAreOwnerOnly() throws Exception {
    TlsFiles files = new TlsFiles(dir);
    for (Path file : files.all()) {
      assertThat(file).exists();
    }
    for (Path secret : List.of(files.nodeKeyStore(), files.storePassword(), files.caKeyStore(), files.caPassword())) {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(secret))).as("%s", secret).isEqualTo("rw-------");
    }
    try (var listing = Files.list(dir)) {
      assertThat(listing.map(path -> path.getFileName().toString()))
          .as("no work files left").containsExactlyInAnyOrder("ca.pem", "ca-key.p12", "ca.pass", "node.p12", "node.pem",
              "truststore.p12", "store.pass");
    }
    assertThat(firstCaPem).startsWith("-----BEGIN CERTIFICATE-----\n").endsWith("-----END CERTIFICATE-----\n");
  }

  @Test
  void theNodeCertificateComesFromTheCaNamesTheHostsAndServesBothEnds() throws Exception {
    TlsFiles files = new TlsFiles(dir);
    String password = Files.readString(files.storePassword()).trim();
    assertThat(password).hasSize(32).isNotEqualTo(Files.readString(files.caPassword()).trim());
    X509Certificate ca = CertsInit.readCertificate(files.caCertificate());
    KeyStore node = CertsInit.load(files.nodeKeyStore(), password);
    X509Certificate certificate = (X509Certificate) node.getCertificateChain(TlsFiles.NODE_ALIAS)[0];
    certificate.verify(ca.getPublicKey()); // throws if another key signed it
    assertThat(node.getCertificateChain(TlsFiles.NODE_ALIAS)).hasSize(2);
    assertThat(SubjectNames.of(certificate))
        .containsExactlyInAnyOrder("127.0.0.1", "localhost", "10.0.0.1", "coordinator.example.org");
    assertThat(certificate.getExtendedKeyUsage()).contains("1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2"); // server, client
    assertThat(certificate.getNotAfter().toInstant())
        .isCloseTo(Instant.now().plus(CertsInit.NODE_DAYS, ChronoUnit.DAYS), org.assertj.core.api.Assertions.within(1, ChronoUnit.DAYS));
    assertThat(ca.getBasicConstraints()).as("a CA").isGreaterThanOrEqualTo(0);
    assertThat(ca.getSubjectX500Principal().getName()).startsWith("CN=Tasklane cluster CA ");
    KeyStore trust = CertsInit.load(files.trustStore(), password);
    assertThat(trust.getCertificate(TlsFiles.CA_ALIAS)).isEqualTo(ca);
  }

  @Test
  void runningAgainKeepsTheCaAndIssuesFreshNodeMaterialForNewHosts() throws Exception {
    Path again = Material.copy(dir, work.resolve("again"));
    String oldPassword = Files.readString(again.resolve(TlsFiles.STORE_PASSWORD));
    CertsInit.Made made = CertsInit.run(again, List.of("10.0.0.9"), 30);
    assertThat(made.keptCa()).isTrue();
    assertThat(Files.readString(again.resolve(TlsFiles.CA_PEM))).as("same CA: running nodes still trust it").isEqualTo(firstCaPem);
    assertThat(Files.readString(again.resolve(TlsFiles.STORE_PASSWORD))).isNotEqualTo(oldPassword);
    assertThat(made.names()).containsExactly("127.0.0.1", "localhost", "10.0.0.9");
    NodeTls tls = NodeTls.load(again, "10.0.0.9", Instant.now());
    assertThat(tls.names()).contains("10.0.0.9").doesNotContain("10.0.0.1");
  }

  @Test
  void aDirectoryWithMaterialButNoCaKeyIsRefusedUntouched() throws Exception {
    Path other = Files.createDirectories(work.resolve("other"));
    Files.writeString(other.resolve(TlsFiles.NODE_KEY_STORE), "someone else's");
    assertThatThrownBy(() -> CertsInit.run(other, List.of(), 30))
        .isInstanceOf(TlsMaterialException.class)
        .hasMessageContaining("already holds node.p12 but not the CA's key (ca-key.p12 and ca.pass)")
        .hasMessageContaining("choose an empty directory");
    assertThat(Files.readString(other.resolve(TlsFiles.NODE_KEY_STORE))).isEqualTo("someone else's");
    try (var listing = Files.list(other)) {
      assertThat(listing).hasSize(1);
    }
  }

  @Test
  void aBadHostOrDayCountIsRefusedBeforeAnythingIsWritten() {
    Path fresh = work.resolve("fresh");
    assertThatThrownBy(() -> CertsInit.run(fresh, List.of("10.0.0.1", "not a host"), 30))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'not a host'");
    assertThatThrownBy(() -> CertsInit.run(fresh, List.of(), 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("--days must be at least 1, not 0");
    assertThat(fresh).doesNotExist();
  }

  @Test
  void aNewDirectoryIsOwnerOnly() throws Exception {
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir))).isEqualTo("rwx------");
  }
}
