package io.tasklane.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * deploy/docker/entrypoint.sh run by bash with stand-ins for the commands it calls (hostname,
 * getent, sleep, curl and the tasklane launcher, which prints what it was given): the address a
 * node advertises in a container, the wait for a name to resolve, the health check's URL.
 */
class EntrypointScriptTest {

  @TempDir Path work;
  private Path bin;
  private final Map<String, String> env = new HashMap<>();

  @BeforeEach
  void standIns() throws IOException {
    bin = Files.createDirectories(work.resolve("bin"));
    stub("hostname", """
        case "$1" in -i) echo "${STUB_HOSTNAME_I:-}" ;; -I) echo "${STUB_HOSTNAME_BIG_I:-}" ;; esac""");
    // getent resolves a name from its STUB_GETENT_AFTER-th lookup on (never when unset).
    stub("getent", """
        echo x >> "$STUB_DIR/getent.calls"
        (( $(wc -l < "$STUB_DIR/getent.calls") >= ${STUB_GETENT_AFTER:-1000000} ))""");
    stub("sleep", "echo \"$1\" >> \"$STUB_DIR/sleep.calls\"");
    stub("curl", "echo \"$*\" > \"$STUB_DIR/curl.args\"; exit ${STUB_CURL_EXIT:-0}");
    stub("launcher", """
        echo "TASKLANE_HOST=${TASKLANE_HOST-<unset>}"
        echo "ARGS=$*\"""");
    env.put("PATH", bin + ":/usr/bin:/bin");
    env.put("STUB_DIR", work.toString());
    env.put("TASKLANE_LAUNCHER", bin.resolve("launcher").toString());
    env.put("TASKLANE_RUN_DIR", work.toString());
    env.put("TASKLANE_HEALTH_PORT", "8558");
  }

  @Test
  void aWorkerAdvertisesItsContainersIpv4AddressNotItsHostname() throws Exception {
    env.put("STUB_HOSTNAME_I", "fd00::7 fe80::42:acff:fe12:7 172.18.0.7");
    env.put("TASKLANE_TLS_DIR", "/run/secrets");
    DeployFiles.Output run = entrypoint("worker", "--allow-exec");
    assertThat(run.exitCode()).as(run.stderr()).isZero();
    assertThat(run.stdout()).contains("TASKLANE_HOST=172.18.0.7", "ARGS=worker --allow-exec");
    assertThat(run.stderr()).contains("advertising this container's address 172.18.0.7");
    assertThat(healthUrl()).isEqualTo("https://172.18.0.7:8558");
    assertThat(work.resolve("getent.calls")).as("an address is not looked up").doesNotExist();
  }

  @Test
  void autoOrALoopbackOnlyHostnameFallsBackToTheInterfacesAddresses() throws Exception {
    env.put("TASKLANE_HOST", "auto");
    env.put("STUB_HOSTNAME_I", "127.0.1.1");
    env.put("STUB_HOSTNAME_BIG_I", "10.1.2.3 172.17.0.1");
    DeployFiles.Output run = entrypoint("worker");
    assertThat(run.stdout()).as(run.stderr()).contains("TASKLANE_HOST=10.1.2.3");
    assertThat(healthUrl()).as("no TLS dir: plain HTTP").isEqualTo("http://10.1.2.3:8558");
  }

  @Test
  void noAddressAtAllStopsWithAClearMessageAndRunsNothing() throws Exception {
    DeployFiles.Output run = entrypoint("worker");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.stderr()).contains("cannot work out this container's address", "set TASKLANE_HOST");
    assertThat(run.stdout()).doesNotContain("ARGS=");
  }

  @Test
  void aCoordinatorKeepsItsNameAndWaitsUntilItResolves() throws Exception {
    env.put("TASKLANE_HOST", "tasklane-coordinator-0.tasklane-coordinator");
    env.put("TASKLANE_TLS_DIR", "/etc/tasklane/tls");
    env.put("STUB_GETENT_AFTER", "3");
    DeployFiles.Output run = entrypoint("coordinator", "--http-port=9090", "--token-file", "/etc/tasklane/token/token");
    assertThat(run.exitCode()).as(run.stderr()).isZero();
    assertThat(run.stdout()).contains("TASKLANE_HOST=tasklane-coordinator-0.tasklane-coordinator",
        "ARGS=coordinator --http-port=9090 --token-file /etc/tasklane/token/token");
    assertThat(Files.readAllLines(work.resolve("getent.calls"))).as("looked up until it resolved").hasSize(3);
    assertThat(Files.readAllLines(work.resolve("sleep.calls"))).hasSize(2);
    assertThat(healthUrl()).isEqualTo("https://tasklane-coordinator-0.tasklane-coordinator:9090");
  }

  @Test
  void aNameThatNeverResolvesIsWaitedForOnlySoLong() throws Exception {
    env.put("TASKLANE_HOST", "coordinator");
    env.put("TASKLANE_WAIT_FOR_HOST", "4");
    DeployFiles.Output run = entrypoint("coordinator");
    assertThat(run.stdout()).as(run.stderr()).contains("TASKLANE_HOST=coordinator");
    assertThat(run.stderr()).contains("coordinator does not resolve after 4s");
    assertThat(Files.readAllLines(work.resolve("sleep.calls"))).hasSize(4);
    assertThat(healthUrl()).isEqualTo("http://coordinator:8080");
  }

  @Test
  void aHostGivenAsAnOptionWinsAndAnIpv6AddressIsBracketedInTheHealthUrl() throws Exception {
    env.put("TASKLANE_HOST", "10.0.0.9");
    DeployFiles.Output run = entrypoint("worker", "--host", "fd00::5", "--health-port", "9558");
    assertThat(run.stdout()).as(run.stderr()).contains("TASKLANE_HOST=10.0.0.9", "ARGS=worker --host fd00::5");
    assertThat(healthUrl()).isEqualTo("http://[fd00::5]:9558");
  }

  @Test
  void theHealthCheckProbesTheNodesEndpointAndReportsWhatCurlFound() throws Exception {
    env.put("TASKLANE_HOST", "10.244.1.5");
    env.put("TASKLANE_TLS_DIR", "/etc/tasklane/tls");
    assertThat(entrypoint("healthcheck", "live").exitCode()).as("no node started yet").isEqualTo(1);
    entrypoint("worker");

    assertThat(entrypoint("healthcheck", "ready").exitCode()).isZero();
    assertThat(Files.readString(work.resolve("curl.args")))
        .contains("--fail", "--insecure", "https://10.244.1.5:8558" + HealthPathsTest.READY);
    entrypoint("healthcheck");
    assertThat(Files.readString(work.resolve("curl.args"))).contains("https://10.244.1.5:8558" + HealthPathsTest.LIVE);
    env.put("STUB_CURL_EXIT", "22");
    assertThat(entrypoint("healthcheck", "live").exitCode()).as("curl's failure is the check's").isEqualTo(22);
    DeployFiles.Output bogus = entrypoint("healthcheck", "alive");
    assertThat(bogus.exitCode()).isEqualTo(2);
    assertThat(bogus.stderr()).contains("healthcheck takes live or ready, not 'alive'");
  }

  @Test
  void aWorkerWithoutAHealthPortPassesItsHealthCheck() throws Exception {
    env.remove("TASKLANE_HEALTH_PORT");
    env.put("TASKLANE_HOST", "10.244.1.6");
    entrypoint("worker");
    DeployFiles.Output check = entrypoint("healthcheck", "live");
    assertThat(check.exitCode()).isZero();
    assertThat(check.stdout()).contains("no health port");
    assertThat(work.resolve("curl.args")).doesNotExist();
  }

  @Test
  void otherCommandsRunAsTheyAre() throws Exception {
    DeployFiles.Output run = entrypoint("cluster", "--server", "https://coordinator:8080");
    assertThat(run.stdout()).contains("TASKLANE_HOST=<unset>", "ARGS=cluster --server https://coordinator:8080");
    assertThat(work.resolve("tasklane-health-url")).doesNotExist();
  }

  private DeployFiles.Output entrypoint(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("/bin/bash",
        DeployFiles.module().resolve("docker/entrypoint.sh").toString()));
    command.addAll(List.of(args));
    return DeployFiles.run(command, work, env);
  }

  private String healthUrl() throws IOException {
    return Files.readString(work.resolve("tasklane-health-url"), StandardCharsets.UTF_8).trim();
  }

  private void stub(String name, String body) throws IOException {
    Path file = bin.resolve(name);
    Files.writeString(file, "#!/bin/bash\n" + body + "\n", StandardCharsets.UTF_8);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
  }
}
