package io.tasklane.client.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.tasklane.client.testing.Cli;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --ca-file}: the client trusts the cluster's own CA for an HTTPS coordinator, and only that. */
class CaTrustTest {

  private static final String TOKEN = "tls-token";

  private HttpsServer server;
  private final AtomicInteger served = new AtomicInteger();
  @TempDir Path work;

  @BeforeEach
  void serveHttps() throws Exception {
    KeyStore keys = KeyStore.getInstance("PKCS12");
    try (InputStream in = CaTrustTest.class.getResourceAsStream("/tls/server.p12")) {
      keys.load(in, "changeit".toCharArray());
    }
    KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    keyManagers.init(keys, "changeit".toCharArray());
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(keyManagers.getKeyManagers(), null, null);
    server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setHttpsConfigurator(new HttpsConfigurator(context));
    server.createContext("/api/jobs", exchange -> {
      served.incrementAndGet();
      byte[] body = "{\"jobs\":[]}".getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private Cli.Run jobs(String host, String... more) {
    String[] args = new String[4 + more.length];
    args[0] = "jobs";
    args[1] = "--server=https://" + host + ":" + server.getAddress().getPort();
    args[2] = "--token=" + TOKEN;
    args[3] = "-o=json";
    System.arraycopy(more, 0, args, 4, more.length);
    return Cli.run(args);
  }

  private static String fixture(String name) throws URISyntaxException {
    return Path.of(CaTrustTest.class.getResource("/tls/" + name).toURI()).toString();
  }

  @Test
  void trustsAServerCertificateTheCaIssued() throws Exception {
    Cli.Run run = jobs("127.0.0.1", "--ca-file", fixture("ca.pem"));
    assertThat(run.code()).as(run.err()).isZero();
    assertThat(served).hasValue(1);
    assertThat(jobs("localhost", "--ca-file", fixture("ca.pem")).code()).as("by name too").isZero();
  }

  @Test
  void withoutTheCaOrWithAnotherTheHandshakeFailsSayingWhatToTrust() throws Exception {
    for (Cli.Run run : new Cli.Run[] {jobs("127.0.0.1"), jobs("127.0.0.1", "--ca-file", fixture("other-ca.pem"))}) {
      assertThat(run.code()).isEqualTo(Exit.UNREACHABLE);
      assertThat(run.err()).contains("the TLS handshake failed").contains("--ca-file").contains("certs init");
    }
    assertThat(served).as("no request got through").hasValue(0);
  }

  @Test
  void aMissingOrNonPemCaFileIsAUsageErrorNamingIt() throws Exception {
    Cli.Run missing = jobs("127.0.0.1", "--ca-file", work.resolve("nope.pem").toString());
    assertThat(missing.code()).isEqualTo(Exit.USAGE);
    assertThat(missing.err()).contains("--ca-file " + work.resolve("nope.pem") + ": no such file");
    Path text = Files.writeString(work.resolve("text.pem"), "not a certificate");
    Cli.Run junk = jobs("127.0.0.1", "--ca-file", text.toString());
    assertThat(junk.code()).isEqualTo(Exit.USAGE);
    assertThat(junk.err()).contains("--ca-file " + text + " is not a PEM certificate");
    assertThat(served).hasValue(0);
  }
}
