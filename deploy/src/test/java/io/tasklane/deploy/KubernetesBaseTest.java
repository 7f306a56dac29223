package io.tasklane.deploy;

import static io.tasklane.deploy.Manifests.container;
import static io.tasklane.deploy.Manifests.env;
import static io.tasklane.deploy.Manifests.envValue;
import static io.tasklane.deploy.Manifests.name;
import static io.tasklane.deploy.Manifests.port;
import static io.tasklane.deploy.Manifests.secretMountPath;
import static io.tasklane.deploy.Manifests.selects;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * deploy/k8s renders with {@code kubectl kustomize} (offline: no cluster is reached) into what
 * docs/deploy.md promises: coordinators whose stable DNS names are the seeds, workers that
 * advertise their pod IP, probes on the health endpoints, the token and TLS material from
 * Secrets, budgets for disruptions. Nothing here was applied to a real cluster.
 */
class KubernetesBaseTest {

  private static Manifests base;

  @BeforeAll
  static void render() throws Exception {
    Path kubectl = DeployFiles.tool("kubectl", "apt-get install kubernetes-client");
    String rendered = DeployFiles.succeed(List.of(kubectl.toString(), "kustomize", "k8s"), DeployFiles.module());
    base = new Manifests(DeployFiles.documents(rendered));
  }

  @Test
  void rendersTheCoordinatorsTheWorkersTheirServicesAndBudgets() {
    assertThat(base.resources()).extracting(resource -> resource.path("kind").asText() + "/" + name(resource))
        .containsExactlyInAnyOrder("Service/tasklane-coordinator", "Service/tasklane-api",
            "StatefulSet/tasklane-coordinator", "Deployment/tasklane-worker",
            "PodDisruptionBudget/tasklane-coordinator", "PodDisruptionBudget/tasklane-worker");
  }

  @Test
  void coordinatorsAreAStatefulSetBehindAHeadlessServiceThatPublishesNotReadyAddresses() {
    JsonNode coordinators = base.one("StatefulSet");
    JsonNode headless = base.named("Service", coordinators.at("/spec/serviceName").asText());
    assertThat(headless.at("/spec/clusterIP").asText()).isEqualTo("None");
    assertThat(headless.at("/spec/publishNotReadyAddresses").asBoolean())
        .as("a coordinator's name resolves before it is ready (it binds and joins under it)").isTrue();
    assertThat(selects(headless.at("/spec/selector"), coordinators.at("/spec/template/metadata/labels"))).isTrue();
    assertThat(headless.at("/spec/ports").findValuesAsText("targetPort")).contains("cluster");
  }

  @Test
  void theSeedsAreTheCoordinatorPodsStableNamesAndEveryNodeHasTheSameList() {
    JsonNode coordinators = base.one("StatefulSet");
    JsonNode coordinator = container(coordinators);
    String service = coordinators.at("/spec/serviceName").asText();
    int clusterPort = port(coordinator, "cluster");
    assertThat(envValue(coordinator, "TASKLANE_PORT")).isEqualTo(Integer.toString(clusterPort));
    assertThat(env(coordinator, "POD_NAME").orElseThrow().at("/valueFrom/fieldRef/fieldPath").asText())
        .isEqualTo("metadata.name");
    assertThat(envValue(coordinator, "TASKLANE_HOST")).isEqualTo("$(POD_NAME)." + service);

    List<String> expected = new ArrayList<>();
    for (int i = 0; i < coordinators.at("/spec/replicas").asInt(1); i++) {
      expected.add(name(coordinators) + "-" + i + "." + service + ":" + clusterPort);
    }
    String seeds = envValue(coordinator, "TASKLANE_SEEDS");
    assertThat(List.of(seeds.split(","))).as("one seed per coordinator pod, the first first").isEqualTo(expected);
    assertThat(envValue(container(base.one("Deployment")), "TASKLANE_SEEDS")).isEqualTo(seeds);
  }

  @Test
  void workersAdvertiseTheirPodIp() {
    JsonNode worker = container(base.one("Deployment"));
    JsonNode host = env(worker, "TASKLANE_HOST").orElseThrow();
    assertThat(host.at("/valueFrom/fieldRef/fieldPath").asText())
        .as("a pod's IP, which every pod reaches; its hostname resolves nowhere else").isEqualTo("status.podIP");
    assertThat(envValue(worker, "TASKLANE_PORT")).isEqualTo(Integer.toString(port(worker, "cluster")));
  }

  @Test
  void probesHitTheHealthEndpointsOnThePortEachNodeServesThemOn() {
    JsonNode coordinator = container(base.one("StatefulSet"));
    JsonNode worker = container(base.one("Deployment"));
    assertProbes(coordinator, "http", "TASKLANE_HTTP_PORT");
    assertProbes(worker, "health", "TASKLANE_HEALTH_PORT");
  }

  private static void assertProbes(JsonNode container, String portName, String portVariable) {
    assertThat(envValue(container, portVariable)).isEqualTo(Integer.toString(port(container, portName)));
    assertThat(env(container, "TASKLANE_TLS_DIR")).as("TLS on: the probes speak HTTPS").isPresent();
    for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
      JsonNode get = container.path(probe).path("httpGet");
      assertThat(get.path("port").asText()).as("%s of %s", probe, container.path("name")).isEqualTo(portName);
      assertThat(get.path("scheme").asText()).as(probe).isEqualTo("HTTPS");
    }
    assertThat(container.at("/livenessProbe/httpGet/path").asText()).isEqualTo(HealthPathsTest.LIVE);
    assertThat(container.at("/startupProbe/httpGet/path").asText()).isEqualTo(HealthPathsTest.LIVE);
    assertThat(container.at("/readinessProbe/httpGet/path").asText()).isEqualTo(HealthPathsTest.READY);
  }

  @Test
  void theTokenAndTheTlsMaterialComeFromSecretsAndNoneIsInTheBase() {
    assertThat(base.ofKind("Secret")).as("Secrets are made per installation (docs/deploy.md)").isEmpty();
    for (JsonNode workload : List.of(base.one("StatefulSet"), base.one("Deployment"))) {
      assertThat(envValue(container(workload), "TASKLANE_TLS_DIR"))
          .isEqualTo(secretMountPath(workload, "tasklane-tls"));
    }
    JsonNode coordinators = base.one("StatefulSet");
    List<String> args = new ArrayList<>();
    container(coordinators).path("args").forEach(arg -> args.add(arg.asText()));
    assertThat(args).startsWith("coordinator");
    String tokenFile = args.get(args.indexOf("--token-file") + 1);
    assertThat(tokenFile).isEqualTo(secretMountPath(coordinators, "tasklane-token") + "/token");
  }

  @Test
  void eachWorkloadHasADisruptionBudgetAndResourceRequestsAndLimits() {
    for (JsonNode workload : List.of(base.one("StatefulSet"), base.one("Deployment"))) {
      JsonNode labels = workload.at("/spec/template/metadata/labels");
      assertThat(base.ofKind("PodDisruptionBudget"))
          .filteredOn(budget -> selects(budget.at("/spec/selector/matchLabels"), labels))
          .as("a budget for %s", name(workload)).hasSize(1);
      JsonNode resources = container(workload).path("resources");
      assertThat(resources.at("/requests/cpu").asText()).as("%s cpu request", name(workload)).isNotEmpty();
      assertThat(resources.at("/requests/memory").asText()).as("%s memory request", name(workload)).isNotEmpty();
      assertThat(resources.at("/limits/memory").asText()).as("%s memory limit", name(workload)).isNotEmpty();
      assertThat(workload.at("/spec/template/spec/securityContext/runAsNonRoot").asBoolean()).isTrue();
    }
  }

  @Test
  void aWorkerHasTimeToDrainBeforeItIsKilled() {
    long grace = base.one("Deployment").at("/spec/template/spec/terminationGracePeriodSeconds").asLong();
    assertThat(grace).isGreaterThan(DeployFiles.workerShutdownPhase().toSeconds());
  }

  @Test
  void theApiServiceSendsToTheCoordinatorsHttpPort() {
    JsonNode api = base.named("Service", "tasklane-api");
    assertThat(selects(api.at("/spec/selector"), base.one("StatefulSet").at("/spec/template/metadata/labels"))).isTrue();
    assertThat(selects(api.at("/spec/selector"), base.one("Deployment").at("/spec/template/metadata/labels")))
        .as("not the workers").isFalse();
    assertThat(api.at("/spec/ports/0/targetPort").asText()).isEqualTo("http");
  }
}
