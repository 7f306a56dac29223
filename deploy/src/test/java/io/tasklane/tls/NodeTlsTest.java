package io.tasklane.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeTlsTest {

  private static final String SSL = "pekko.remote.artery.ssl.config-ssl-engine.";

  @TempDir static Path shared;
  private static Path cluster;
  private static Path foreign;

  @TempDir Path work;

  @BeforeAll
  static void makeOnce() throws Exception {
    cluster = Material.make(shared, "cluster", List.of("10.0.0.1"));
    foreign = Material.make(shared, "foreign", List.of());
  }

  @Test
  void goodMaterialGivesArteryTlsWithMutualAuthenticationAndAnSslContext() throws Exception {
    NodeTls tls = NodeTls.load(cluster, "10.0.0.1", Instant.now());
    String password = Files.readString(cluster.resolve(TlsFiles.STORE_PASSWORD)).trim();
    Map<String, Object> artery = tls.arteryConfig();
    assertThat(artery).containsEntry("pekko.remote.artery.transport", "tls-tcp")
        .containsEntry(SSL + "require-mutual-authentication", true)
        .containsEntry(SSL + "key-store", cluster.resolve("node.p12").toAbsolutePath().normalize().toString())
        .containsEntry(SSL + "trust-store", cluster.resolve("truststore.p12").toAbsolutePath().normalize().toString())
        .containsEntry(SSL + "key-store-password", password)
        .containsEntry(SSL + "key-password", password)
        .containsEntry(SSL + "trust-store-password", password);
    assertThat(tls.sslContext().createSSLEngine().getSupportedProtocols()).contains("TLSv1.3");
    assertThat(tls.describe()).contains("10.0.0.1").contains("CN=Tasklane cluster CA");
  }

  @Test
  void aMissingDirectoryOrFilesAreNamedWithHowToMakeThem() throws Exception {
    assertThatThrownBy(() -> NodeTls.load(work.resolve("nowhere"), null, Instant.now()))
        .isInstanceOf(TlsMaterialException.class)
        .hasMessageContaining("nowhere: no such directory")
        .hasMessageContaining("tasklane certs init --dir");
    Path partial = Material.copy(cluster, work.resolve("partial"));
    Files.delete(partial.resolve(TlsFiles.TRUST_STORE));
    Files.delete(partial.resolve(TlsFiles.STORE_PASSWORD));
    assertThatThrownBy(() -> NodeTls.load(partial, null, Instant.now()))
        .hasMessageContaining("lacks truststore.p12, store.pass").hasMessageContaining("tasklane certs init");
  }

  @Test
  void aWrongOrEmptyPasswordIsSaidAsSuch() throws Exception {
    Path wrong = Material.copy(cluster, work.resolve("wrong"));
    Files.writeString(wrong.resolve(TlsFiles.STORE_PASSWORD), "not-the-password\n");
    assertThatThrownBy(() -> NodeTls.load(wrong, null, Instant.now()))
        .isInstanceOf(TlsMaterialException.class)
        .hasMessageStartingWith("wrong password: " + wrong.resolve("node.p12").toAbsolutePath().normalize()
            + " cannot be opened with the password in " + wrong.resolve("store.pass").toAbsolutePath().normalize());
    Files.writeString(wrong.resolve(TlsFiles.STORE_PASSWORD), "\n");
    assertThatThrownBy(() -> NodeTls.load(wrong, null, Instant.now())).hasMessageEndingWith("store.pass is empty: "
        + "it should hold the password of the stores");
  }

  @Test
  void somethingElseThanAKeyStoreIsNamed() throws Exception {
    Path junk = Material.copy(cluster, work.resolve("junk"));
    Files.writeString(junk.resolve(TlsFiles.NODE_KEY_STORE), "-----BEGIN CERTIFICATE-----\n");
    assertThatThrownBy(() -> NodeTls.load(junk, null, Instant.now()))
        .hasMessageContaining("node.p12 is not a PKCS12 key store");
  }

  @Test
  void aNodeCertificateFromAnotherCaIsRefusedNamingBothCas() throws Exception {
    Path mixed = Material.copy(cluster, work.resolve("mixed"));
    String password = Files.readString(mixed.resolve(TlsFiles.STORE_PASSWORD)).trim();
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    trust.setCertificateEntry("ca", CertsInit.readCertificate(foreign.resolve(TlsFiles.CA_PEM)));
    try (OutputStream out = Files.newOutputStream(mixed.resolve(TlsFiles.TRUST_STORE))) {
      trust.store(out, password.toCharArray());
    }
    String ours = CertsInit.readCertificate(cluster.resolve(TlsFiles.CA_PEM)).getSubjectX500Principal().getName();
    String theirs = CertsInit.readCertificate(foreign.resolve(TlsFiles.CA_PEM)).getSubjectX500Principal().getName();
    assertThat(ours).isNotEqualTo(theirs);
    assertThatThrownBy(() -> NodeTls.load(mixed, null, Instant.now()))
        .hasMessageContaining("was issued by '" + ours + "'")
        .hasMessageContaining("trusts only '" + theirs + "'")
        .hasMessageContaining("different 'certs init' runs");
  }

  @Test
  void anExpiredOrNotYetValidCertificateIsRefusedWithItsDate() throws Exception {
    Path expired = Material.copy(cluster, work.resolve("expired"));
    CertsInit.run(expired, List.of(), 30, "-400d"); // the same CA signs one that ended 370 days ago
    assertThatThrownBy(() -> NodeTls.load(expired, null, Instant.now()))
        .hasMessageContaining("the node certificate in " + expired.resolve("node.p12").toAbsolutePath().normalize()
            + " expired on ")
        .hasMessageContaining("tasklane certs init --dir DIR");
    assertThatThrownBy(() -> NodeTls.load(cluster, null, Instant.now().minusSeconds(86_400)))
        .hasMessageContaining("is not valid before").hasMessageContaining("clock");
  }

  @Test
  void aCoordinatorsHostMustBeNamedByItsCertificateUnlessItListensEverywhere() {
    assertThatThrownBy(() -> NodeTls.load(cluster, "10.9.9.9", Instant.now()))
        .hasMessageContaining("is for [127.0.0.1, localhost, 10.0.0.1], not for 10.9.9.9 (--host)")
        .hasMessageContaining("tasklane certs init --dir DIR --hosts 10.9.9.9,...");
    assertThat(NodeTls.load(cluster, "localhost", Instant.now()).names()).contains("localhost");
    assertThat(NodeTls.load(cluster, "0.0.0.0", Instant.now())).isNotNull();
    assertThat(NodeTls.load(cluster, null, Instant.now())).as("a worker: no HTTPS clients").isNotNull();
  }
}
