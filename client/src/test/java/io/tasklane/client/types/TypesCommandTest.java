package io.tasklane.client.types;

import static org.assertj.core.api.Assertions.assertThat;

import io.tasklane.client.api.Json;
import io.tasklane.client.testing.Cli;
import io.tasklane.client.testing.FakeCoordinator;
import io.tasklane.client.testing.FakeCoordinator.Answer;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TypesCommandTest {

  static final String TYPES = "{\"types\":["
      + "{\"name\":\"exec\",\"declared\":\"cpu\",\"lane\":\"cpu\",\"input\":{\"type\":\"object\",\"properties\":{"
      + "\"argv\":{\"type\":\"array\",\"items\":{\"type\":\"string\"},\"minItems\":1},"
      + "\"env\":{\"type\":\"object\",\"additionalProperties\":{\"type\":\"string\"}}},\"required\":[\"argv\"]},"
      + "\"description\":\"runs argv\",\"source\":\"built-in\",\"workers\":[\"127.0.0.1:2\"]},"
      + "{\"name\":\"sleep\",\"declared\":\"io\",\"lane\":\"io\",\"input\":{\"type\":\"object\",\"properties\":{"
      + "\"ms\":{\"type\":\"integer\",\"minimum\":0}},\"required\":[\"ms\"]},\"description\":\"waits\","
      + "\"source\":\"built-in\",\"workers\":[\"127.0.0.1:1\",\"127.0.0.1:2\"]},"
      + "{\"name\":\"words\",\"declared\":\"auto\",\"lane\":\"cpu\",\"input\":{},\"description\":\"\","
      + "\"source\":\"plugin jar words.jar\",\"workers\":[\"a:1\",\"b:1\",\"c:1\",\"d:1\"],"
      + "\"measured\":{\"a:1\":{\"samples\":12,\"cpuRatio\":0.97,\"cpuMsPerRun\":31.5,\"chosen\":\"cpu\"}}}]}";

  FakeCoordinator coordinator;

  @BeforeEach
  void start() {
    coordinator = new FakeCoordinator().on("GET", "/api/types", Answer.json(200, TYPES));
  }

  @AfterEach
  void stop() {
    coordinator.close();
  }

  private Cli.Run run(String... extra) {
    List<String> args = new java.util.ArrayList<>(List.of("types", "--server", coordinator.uri().toString(),
        "--token", FakeCoordinator.TOKEN));
    args.addAll(List.of(extra));
    return Cli.run(args.toArray(String[]::new));
  }

  @Test
  void printsEachTypeWithItsLaneSourceWorkersAndInput() {
    Cli.Run run = run();

    assertThat(run.code()).as(run.err()).isZero();
    List<String> lines = run.out().lines().toList();
    assertThat(lines.get(0).split("\\s+")).containsExactly("TYPE", "LANE", "SOURCE", "WORKERS", "INPUT", "DESCRIPTION");
    assertThat(lines).anySatisfy(line -> assertThat(line)
        .matches("sleep +io +built-in +127\\.0\\.0\\.1:1,127\\.0\\.0\\.1:2 +\\{ms: integer >= 0\\} +waits"));
    assertThat(lines).anySatisfy(line -> assertThat(line)
        .contains("{argv: [string] (1+), env?: {*: string}}"));
    assertThat(lines).anySatisfy(line -> assertThat(line)
        .matches("words +auto->cpu \\(cpu 97%, 12 runs\\) +plugin jar words\\.jar +4 \\(a:1,b:1,c:1,\\.\\.\\.\\) +any *"));
  }

  @Test
  void printsTheObjectAsReceivedWithOutputJson() throws Exception {
    Cli.Run run = run("-o", "json");

    assertThat(run.code()).isZero();
    assertThat(Json.MAPPER.readTree(run.out())).isEqualTo(Json.MAPPER.readTree(TYPES));
  }

  @Test
  void saysSoWhenNoWorkerOffersAnything() {
    coordinator.on("GET", "/api/types", Answer.json(200, "{\"types\":[]}"));
    Cli.Run run = run();

    assertThat(run.code()).isZero();
    assertThat(run.out()).contains("no worker offers any type yet");
  }

  @Test
  void exitsThreeWhenTheTokenIsRefusedOrTheCoordinatorIsGone() {
    assertThat(Cli.run("types", "--server", coordinator.uri().toString(), "--token", "nope").code()).isEqualTo(3);
    String gone = coordinator.uri().toString();
    coordinator.close();
    Cli.Run run = Cli.run("types", "--server", gone, "--token", FakeCoordinator.TOKEN);
    assertThat(run.code()).isEqualTo(3);
    assertThat(run.err()).contains("cannot reach the coordinator");
  }
}
