package io.tasklane.coordinator.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tasklane.protocol.Lane;
import io.tasklane.protocol.dispatch.BrokerProtocol.Catalog;
import io.tasklane.protocol.dispatch.BrokerProtocol.WorkerOffer;
import io.tasklane.protocol.dispatch.TypeOffer;
import io.tasklane.spi.InputSchema;
import io.tasklane.spi.LaneChoice;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.pekko.http.javadsl.model.HttpEntity;
import org.junit.jupiter.api.Test;

/** Inputs checked at submit against the schemas the workers offer, without a cluster. */
class JobIntakeInputsTest {

  private static final InputSchema SLEEP = InputSchema.object().required("ms", InputSchema.integer().minimum(0));
  private static final InputSchema FACTORIAL =
      InputSchema.object().required("n", InputSchema.integer().minimum(0).maximum(100_000));
  private static final InputSchema URL =
      InputSchema.object().required("url", InputSchema.string().pattern("^https?://"));

  private final JobIntake intake = new JobIntake(10_000_000, 65_536, new SchemaCache());

  private static TypeOffer offer(String type, Lane lane, InputSchema input) {
    return new TypeOffer(type, lane == Lane.IO ? LaneChoice.IO : LaneChoice.CPU, lane, input.toJson().toString(),
        "built-in", "");
  }

  /** Two workers offering the built-ins used here (and noop, which takes anything). */
  private static Catalog catalog() {
    Map<String, TypeOffer> offers = Map.of(
        "sleep", offer("sleep", Lane.IO, SLEEP),
        "factorial", offer("factorial", Lane.CPU, FACTORIAL),
        "http.get", offer("http.get", Lane.IO, URL),
        "noop", offer("noop", Lane.IO, InputSchema.any()));
    return catalogOf(Map.of("w1:1", offers, "w2:1", offers));
  }

  private static Catalog catalogOf(Map<String, Map<String, TypeOffer>> byWorker) {
    Map<String, Lane> lanes = new java.util.HashMap<>();
    Map<String, List<WorkerOffer>> offers = new java.util.HashMap<>();
    byWorker.forEach((worker, types) -> types.forEach((type, offer) -> {
      lanes.put(type, offer.lane());
      offers.computeIfAbsent(type, t -> new ArrayList<>()).add(new WorkerOffer(worker, offer));
    }));
    return new Catalog(lanes, offers);
  }

  private JobIntake.Decision decide(String yaml, Catalog catalog) {
    return decide(yaml, Map.of(), catalog);
  }

  private JobIntake.Decision decide(String yaml, Map<String, String> attachments, Catalog catalog) {
    return intake.decide(new Submission("job.yaml", yaml, attachments), catalog, () -> "job-1");
  }

  private static List<String> problems(JobIntake.Decision decision) throws Exception {
    assertThat(decision.rejection()).as("refused").isNotNull();
    assertThat(decision.rejection().status().intValue()).isEqualTo(400);
    JsonNode body = Json.MAPPER.readTree(((HttpEntity.Strict) decision.rejection().entity()).getData().utf8String());
    List<String> problems = new ArrayList<>();
    body.get("problems").forEach(p -> problems.add(p.get("file").asText() + ":" + p.get("line").asInt() + ": "
        + p.get("field").asText() + ": " + p.get("message").asText()));
    return problems;
  }

  @Test
  void aBadInputIsRefusedNamingTheTaskTheFieldAndTheLine() throws Exception {
    JobIntake.Decision decision = decide("""
        tasks:
          - {id: ok, type: sleep, input: {ms: 5}}
          - id: nap
            type: sleep
            input: {ms: "abc"}
        """, catalog());
    assertThat(problems(decision)).containsExactly(
        "job.yaml:3: tasks[1].input.ms: must be an integer, got \"abc\" (task 'nap', type sleep)");
  }

  @Test
  void goodInputsPassWithTheirLanesResolved() {
    JobIntake.Decision decision = decide("""
        tasks:
          - {type: sleep, input: {ms: "200"}}
          - {type: factorial, input: {n: 50}}
          - {type: noop, input: {anything: [1, {x: null}]}}
        """, catalog());
    assertThat(decision.rejection()).isNull();
    assertThat(decision.spec().tasks()).extracting(t -> t.lane()).containsExactly(Lane.IO, Lane.CPU, Lane.IO);
  }

  @Test
  void aMissingInputIsAMissingField() throws Exception {
    assertThat(problems(decide("tasks: [{type: sleep}]", catalog())))
        .containsExactly("job.yaml:1: tasks[0].input.ms: required, as an integer (type sleep)");
  }

  @Test
  void aRepeatedInputWithoutPlaceholdersIsCheckedOnceForEveryCopy() throws Exception {
    assertThat(problems(decide("tasks: [{id: n, type: sleep, repeat: 1000000, input: {ms: -1}}]", catalog())))
        .containsExactly("job.yaml:1: tasks[0].input.ms: must be at least 0, got -1 (every task 'n-N', type sleep)");
  }

  @Test
  void aPlaceholderIsCheckedAsWhatItBecomesInTheFirstAndLastCopy() throws Exception {
    assertThat(decide("tasks: [{id: n, type: sleep, repeat: 1000000, input: {ms: \"${i}\"}}]", catalog()).rejection())
        .as("${i} becomes 0 ... 999999: whole numbers").isNull();
    assertThat(problems(decide("tasks: [{id: n, type: sleep, repeat: 3, input: {ms: \"x${i}\"}}]", catalog())))
        .containsExactly(
            "job.yaml:1: tasks[0].input.ms: must be an integer, got \"x0\" (task 'n-0', type sleep)",
            "job.yaml:1: tasks[0].input.ms: must be an integer, got \"x2\" (task 'n-2', type sleep)");
    assertThat(problems(decide("tasks: [{id: s, type: sleep, repeat: 3, input: {ms: \"-${i}\"}}]", catalog())))
        .as("copy 0 is -0 = 0, copy 2 is -2").containsExactly(
            "job.yaml:1: tasks[0].input.ms: must be at least 0, got -2 (task 's-2', type sleep)");
    assertThat(problems(decide("tasks: [{id: f, type: factorial, foreach: {range: [5, 200000]}, input: {n: \"${i}\"}}]",
        catalog()))).containsExactly(
            "job.yaml:1: tasks[0].input.n: must be at most 100000, got 199999 (task 'f-199994', type factorial)");
  }

  @Test
  void foreachLinesAreCheckedAsTheFirstAndLastLine() throws Exception {
    String job = "tasks: [{id: get, type: http.get, foreach: {file: urls.txt}, input: {url: \"${line}\"}}]";
    assertThat(decide(job, Map.of("urls.txt", "http://a/1\nhttp://a/2\n"), catalog()).rejection()).isNull();
    assertThat(problems(decide(job, Map.of("urls.txt", "http://a/1\nftp://a/2\n"), catalog()))).containsExactly(
        "job.yaml:1: tasks[0].input.url: must match ^https?://, got \"ftp://a/2\" (task 'get-1', type http.get)");
  }

  @Test
  void whenWorkersOfferOneTypeWithDifferentSchemasAnInputMustFitEach() throws Exception {
    InputSchema v1 = InputSchema.object().required("a", InputSchema.integer());
    InputSchema v2 = InputSchema.object().required("a", InputSchema.integer()).required("b", InputSchema.string());
    Catalog catalog = catalogOf(Map.of(
        "w1:1", Map.of("words", offer("words", Lane.CPU, v1)),
        "w2:1", Map.of("words", offer("words", Lane.CPU, v2)),
        "w3:1", Map.of("words", offer("words", Lane.CPU, v2))));
    assertThat(decide("tasks: [{type: words, input: {a: 1, b: x}}]", catalog).rejection()).isNull();
    assertThat(problems(decide("tasks: [{type: words, input: {a: \"z\"}}]", catalog))).containsExactlyInAnyOrder(
        "job.yaml:1: tasks[0].input.a: must be an integer, got \"z\" (type words)",
        "job.yaml:1: tasks[0].input.b: required, as a string (type words)");
  }

  @Test
  void aSchemaThisCoordinatorCannotReadChecksNothing() {
    TypeOffer newer = new TypeOffer("future", LaneChoice.IO, Lane.IO,
        "{\"type\": \"object\", \"dependentRequired\": {}}", "plugin f", "");
    Catalog catalog = catalogOf(Map.of("w1:1", Map.of("future", newer)));
    assertThat(decide("tasks: [{type: future, input: {x: 1}}]", catalog).rejection()).isNull();
  }

  @Test
  void aCatalogWithoutOffersChecksTypesOnly() {
    assertThat(decide("tasks: [{type: sleep, input: {ms: abc}}]", new Catalog(Map.of("sleep", Lane.IO))).rejection())
        .isNull();
  }

  @Test
  void tasksAppendedToAnOpenJobAreCheckedToo() throws Exception {
    JobIntake.Decision decision = intake.decideAppend(
        new Submission("more.json", "{\"tasks\": [{\"type\": \"sleep\", \"input\": {\"ms\": true}}]}", Map.of()),
        catalog());
    assertThat(problems(decision)).containsExactly(
        "more.json:1: tasks[0].input.ms: must be an integer, got true (type sleep)");
  }

  @Test
  void anAnswerListsAtMostSoManyProblems() throws Exception {
    StringBuilder job = new StringBuilder("tasks:\n");
    for (int i = 0; i < InputChecks.MAX_PROBLEMS + 20; i++) {
      job.append("  - {type: sleep, input: {ms: bad").append(i).append("}}\n");
    }
    assertThat(problems(decide(job.toString(), catalog()))).hasSize(InputChecks.MAX_PROBLEMS);
  }
}
