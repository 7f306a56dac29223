package io.tasklane.client.lib;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An HTTPS coordinator whose certificate no public authority signed: a self-signed one made
 * here with the JDK's keytool, served by the JDK's HttpsServer. A client given its PEM trusts it;
 * one without does not, and says why.
 */
class TrustedCaTest {

  private static final String PASSWORD = "changeit";

  @TempDir
  static Path dir;

  private static HttpsServer server;
  private static Path pem;
  private static final AtomicInteger served = new AtomicInteger();

  @BeforeAll
  static void start() throws Exception {
    Path keystore = dir.resolve("server.p12");
    pem = dir.resolve("ca.pem");
    keytool("-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1",
        "-dname", "CN=127.0.0.1", "-ext", "san=ip:127.0.0.1,dns:localhost", "-validity", "2",
        "-keystore", keystore.toString(), "-storetype", "PKCS12", "-storepass", PASSWORD, "-keypass", PASSWORD);
    keytool("-exportcert", "-rfc", "-alias", "server", "-keystore", keystore.toString(),
        "-storepass", PASSWORD, "-file", pem.toString());

    KeyStore keys = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(keystore)) {
      keys.load(in, PASSWORD.toCharArray());
    }
    KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    keyManagers.init(keys, PASSWORD.toCharArray());
    SSLContext tls = SSLContext.getInstance("TLS");
    tls.init(keyManagers.getKeyManagers(), null, null);
    server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setHttpsConfigurator(new HttpsConfigurator(tls));
    server.createContext("/api/cluster", exchange -> {
      served.incrementAndGet();
      FakeCoordinator.send(exchange, 200, "{\"nodes\":[],\"lanes\":[],\"queued\":{\"io\":0,\"cpu\":0}}");
    });
    server.start();
  }

  private static void keytool(String... args) throws Exception {
    List<String> command = new java.util.ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes());
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(output).isZero();
  }

  @AfterAll
  static void stop() {
    server.stop(0);
  }

  private static String url() {
    return "https://127.0.0.1:" + server.getAddress().getPort();
  }

  @Test
  void aClientGivenTheCaFileTrustsTheServerItSigned() {
    int before = served.get();
    TasklaneClient client = TasklaneClient.builder().server(url()).token("t").caFile(pem).build();

    assertThat(client.cluster().path("queued").path("io").asInt(-1)).isZero();
    assertThat(served.get()).isEqualTo(before + 1);
  }

  @Test
  void theCaFileCanComeFromTheEnvironment() {
    TasklaneClient.Builder builder = TasklaneClient.builder();
    ClientSettings.fromEnvironment(Map.of("TASKLANE_SERVER", url(), "TASKLANE_TOKEN", "t",
        "TASKLANE_CA_FILE", pem.toString()), builder);

    assertThat(builder.build().cluster().path("nodes").isArray()).isTrue();
  }

  @Test
  void withoutItTheHandshakeFailsAndTheErrorSaysWhatToTrust() {
    int before = served.get();
    TasklaneClient client = TasklaneClient.builder().server(url()).token("t").retry(RetryPolicy.NONE).build();

    assertThatThrownBy(client::cluster).isInstanceOf(UnreachableException.class)
        .hasMessageContaining("cannot reach the coordinator at " + url())
        .hasMessageContaining("TLS handshake failed").hasMessageContaining("TASKLANE_CA_FILE");
    assertThat(served.get()).as("no request got through").isEqualTo(before);
  }

  @Test
  void aMissingOrUnusableCaFileIsNamed() throws Exception {
    Path missing = dir.resolve("nope.pem");
    Path notPem = Files.writeString(dir.resolve("notes.txt"), "not a certificate\n");

    assertThatThrownBy(() -> TasklaneClient.builder().caFile(missing))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nope.pem");
    assertThatThrownBy(() -> TasklaneClient.builder().caFile(notPem))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("notes.txt");
  }
}
