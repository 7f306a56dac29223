package io.tasklane.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a node refuses before it starts: TLS material it cannot use (here a wrong store password,
 * which Pekko would notice only at the first connection), and a non-loopback address in plain
 * text, unless told {@code --insecure}.
 */
class NodeStartChecksIT {

  @TempDir Path work;
  private final List<Process> processes = new ArrayList<>();

  @AfterEach
  void stopEverything() throws Exception {
    Processes.stop(processes.stream().map(Process::pid).toList(), 20);
  }

  @Test
  void aNodeWithAWrongStorePasswordFailsAtStartSayingSo() throws Exception {
    Tasklane.Result init = Distribution.run(work, Map.of(), 120, "certs", "init", "--dir", "tls");
    assertThat(init.exitCode()).as(init.stderr()).isZero();
    Files.writeString(work.resolve("tls/store.pass"), "not-the-password\n");
    for (String role : List.of("coordinator", "worker")) {
      Tasklane.Result start = Distribution.run(work, Map.of("TASKLANE_TOKEN", "t"), 60,
          args(role, "--host", "127.0.0.1", "--port", "0", "--tls-dir", "tls"));
      assertThat(start.exitCode()).as("%s: %s", role, start.stdout()).isEqualTo(2);
      assertThat(start.stderr()).as(role).contains("tasklane " + role + ": wrong password: ")
          .contains(work.resolve("tls/node.p12").toString())
          .contains("cannot be opened with the password in " + work.resolve("tls/store.pass"));
      assertThat(start.stdout()).as("%s: no actor system started", role).doesNotContain("Remoting started");
    }
  }

  @Test
  void aPortsFileThatCannotBeWrittenStopsTheStartSayingWhich() throws Exception {
    Files.writeString(work.resolve("a-file"), "not a directory");
    for (String role : List.of("coordinator", "worker")) {
      Tasklane.Result start = Distribution.run(work, Map.of("TASKLANE_TOKEN", "t"), 60,
          args(role, "--host", "127.0.0.1", "--port", "0", "--ports-file", "a-file/ports.json"));
      assertThat(start.exitCode()).as("%s: %s", role, start.stdout()).isEqualTo(2);
      assertThat(start.stderr()).as(role).contains("tasklane " + role + ": cannot write --ports-file "
          + work.resolve("a-file/ports.json"));
      assertThat(start.stdout()).as("%s: no actor system started", role).doesNotContain("Remoting started");
    }
  }

  @Test
  void aNonLoopbackAddressWithoutTlsIsRefusedUnlessInsecure() throws Exception {
    String address = nonLoopbackAddress();
    for (String role : List.of("coordinator", "worker")) {
      Tasklane.Result refused = Distribution.run(work, Map.of("TASKLANE_TOKEN", "t"), 60,
          args(role, "--host", address, "--port", "0"));
      assertThat(refused.exitCode()).as("%s: %s", role, refused.stdout()).isEqualTo(2);
      assertThat(refused.stderr()).as(role).contains("--host " + address + " is not a loopback address")
          .contains("tasklane certs init --dir tls --hosts " + address).contains("--tls-dir").contains("--insecure");
      assertThat(refused.stdout()).doesNotContain("Remoting started");
    }

    Path log = work.resolve("insecure.log");
    Process insecure = Processes.start(Distribution.command(List.of("-Xmx384m"), "coordinator", "--host", address,
        "--port", "0", "--http-port", "0", "--ports-file", "insecure.ports", "--data-dir", "data"), work, log,
        Map.of("TASKLANE_TOKEN", "t", "TASKLANE_INSECURE", "1"));
    processes.add(insecure);
    String bound = BoundPorts.awaitWritten(work.resolve("insecure.ports"), insecure, true, log).http();
    int httpPort = Integer.parseInt(bound.substring(bound.lastIndexOf(':') + 1));
    String reach = address.equals("0.0.0.0") ? "127.0.0.1" : address;
    HttpClient http = HttpClient.newHttpClient();
    await("the insecure coordinator serves").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
        .ignoreExceptions().untilAsserted(() -> {
          HttpResponse<String> live = http.send(HttpRequest.newBuilder(
              URI.create("http://" + reach + ":" + httpPort + "/health/live")).GET().build(), HttpResponse.BodyHandlers.ofString());
          assertThat(live.statusCode()).isEqualTo(200);
        });
    assertThat(Processes.tail(log, 200_000)).contains("WARN").contains("--insecure: serving on " + address + " without TLS");
  }

  /** The role's command line: a coordinator's HTTP port and data, a worker's seeds. */
  private static String[] args(String role, String... common) {
    List<String> args = new ArrayList<>(List.of(role));
    args.addAll(List.of(common));
    args.addAll(role.equals("coordinator") ? List.of("--http-port", "0", "--data-dir", "data") : List.of("--seeds", "127.0.0.1:1"));
    return args.toArray(String[]::new);
  }

  /** This machine's first non-loopback IPv4 address; 0.0.0.0 (every interface, not loopback) if it has none. */
  private static String nonLoopbackAddress() throws Exception {
    for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
      if (nic.isUp() && !nic.isLoopback()) {
        for (InetAddress address : Collections.list(nic.getInetAddresses())) {
          if (address instanceof Inet4Address && !address.isLoopbackAddress() && !address.isLinkLocalAddress()) {
            return address.getHostAddress();
          }
        }
      }
    }
    return "0.0.0.0";
  }
}
