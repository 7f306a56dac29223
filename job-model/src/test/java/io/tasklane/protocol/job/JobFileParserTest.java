package io.tasklane.protocol.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tasklane.protocol.Lane;
import io.tasklane.protocol.job.JobSpecException.Problem;
import io.tasklane.protocol.task.TaskSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobFileParserTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  static final String YAML_JOB = """
      id: quick-1
      name: quickstart
      defaults:
        timeout: 30s
        retries: 2
      tasks:
        - id: nap
          type: sleep
          input: {ms: 200}
        - type: sha256
          timeout: 1.5s
          input:
            iterations: 3000000
        - type: factorial
          lane: cpu
          key: group-a
          retries: 0
          input: {n: 2000}
        - id: many
          type: noop
          repeat: 100000
          input: {value: "${i}", nested: ["x${i}", 3]}
        - type: noop
          timeout: 250
      """;

  static final String JSON_JOB = """
      {
        "id": "quick-1",
        "name": "quickstart",
        "defaults": {"timeout": "30s", "retries": 2},
        "tasks": [
          {"id": "nap", "type": "sleep", "input": {"ms": 200}},
          {"type": "sha256", "timeout": "1.5s", "input": {"iterations": 3000000}},
          {"type": "factorial", "lane": "cpu", "key": "group-a", "retries": 0,
           "input": {"n": 2000}},
          {"id": "many", "type": "noop", "repeat": 100000,
           "input": {"value": "${i}", "nested": ["x${i}", 3]}},
          {"type": "noop", "timeout": 250}
        ]
      }
      """;

  @Test
  void readsAValidYamlJobWithDefaultsAppliedAndRepeatsKeptLazy() throws Exception {
    JobSpec spec = JobFileParser.parse("quick.yaml", YAML_JOB);

    assertThat(spec.id()).isEqualTo("quick-1");
    assertThat(spec.name()).isEqualTo("quickstart");
    assertThat(spec.tasks()).hasSize(5);
    assertThat(spec.taskCount()).isEqualTo(100_004);
    assertThat(spec.tasks()).containsExactly(
        new TaskTemplate("nap", "sleep", null, json("{\"ms\":200}"), 30_000, 2, null, null, 7),
        new TaskTemplate(null, "sha256", null, json("{\"iterations\":3000000}"), 1_500, 2, null, null, 10),
        new TaskTemplate(null, "factorial", Lane.CPU, json("{\"n\":2000}"), 30_000, 0, "group-a", null, 14),
        new TaskTemplate("many", "noop", null, json("{\"value\":\"${i}\",\"nested\":[\"x${i}\",3]}"),
            30_000, 2, null, 100_000, 19),
        new TaskTemplate(null, "noop", null, json("{}"), 250, 2, null, null, 23));
  }

  @Test
  void anOpenJobMayStartWithoutTasks() throws Exception {
    JobSpec empty = JobFileParser.parse("open.json", "{\"name\": \"stream\", \"open\": true}");
    assertThat(empty.open()).isTrue();
    assertThat(empty.tasks()).isEmpty();
    JobSpec some = JobFileParser.parse("open.yaml", "open: true\ntasks: [{type: noop, repeat: 3}]\n");
    assertThat(some.open()).isTrue();
    assertThat(some.taskCount()).isEqualTo(3);
    assertThat(JobFileParser.parse("shut.yaml", "open: false\ntasks: [{type: noop}]\n").open()).isFalse();
    assertThat(JobFileParser.parse("quick.yaml", YAML_JOB).open()).isFalse();
  }

  @Test
  void readsTheSameJobFromJson() throws Exception {
    JobSpec fromJson = JobFileParser.parse("quick.json", JSON_JOB);
    JobSpec fromYaml = JobFileParser.parse("quick.yaml", YAML_JOB);

    assertThat(withoutLines(fromJson)).isEqualTo(withoutLines(fromYaml));
    assertThat(fromJson.tasks()).extracting(TaskTemplate::line).containsExactly(6, 7, 8, 10, 12);
  }

  @Test
  void materializesIdsAndSubstitutesTheIndexInRepeats() throws Exception {
    List<TaskTemplate> tasks = JobFileParser.parse("quick.yaml", YAML_JOB).tasks();

    TaskTemplate many = tasks.get(3).withLane(Lane.IO);
    assertThat(many.hasPlaceholder()).isTrue();
    TaskSpec copy = many.materialize(3 + 7, 7, true);
    assertThat(copy.id()).isEqualTo("many-7");
    assertThat(copy.index()).isEqualTo(10);
    assertThat(copy.input()).isEqualTo(json("{\"value\":\"7\",\"nested\":[\"x7\",3]}"));
    assertThat(copy.timeoutMs()).isEqualTo(30_000);
    assertThat(copy.retries()).isEqualTo(2);
    assertThat(many.input().get("value").textValue()).isEqualTo("${i}");

    assertThat(tasks.get(0).withLane(Lane.IO).materialize(0, 0, false).id()).isEqualTo("nap");
    assertThat(tasks.get(4).withLane(Lane.IO).materialize(100_003, 0, false).id()).isEqualTo("100003");
  }

  @Test
  void detectsJsonByItsFirstCharacterWhateverTheName() {
    assertThat(problems("job", "\n  {\"tasks\": [")).singleElement()
        .satisfies(p -> assertThat(p.message()).startsWith("malformed JSON"));
    assertThat(problems("job", "tasks: [")).singleElement()
        .satisfies(p -> assertThat(p.message()).startsWith("malformed YAML"));
  }

  @Test
  void acceptsNumbersAsIdsAndNullAsNotSet() throws Exception {
    JobSpec spec = JobFileParser.parse("n.yaml", """
        name:
        defaults:
        tasks:
          - id: 7
            type: noop
            input:
            timeout: 2h
          - id: 8
            type: noop
            timeout: 5m
        """);
    assertThat(spec.name()).isNull();
    assertThat(spec.tasks()).extracting(TaskTemplate::id).containsExactly("7", "8");
    assertThat(spec.tasks()).extracting(TaskTemplate::timeoutMs).containsExactly(7_200_000L, 300_000L);
    assertThat(spec.tasks().get(0).input()).isEqualTo(json("{}"));
  }

  @Test
  void keepsAMillionCopiesAsOneTemplate() throws Exception {
    JobSpec spec = JobFileParser.parse("big.yaml", """
        tasks:
          - id: many
            type: noop
            repeat: 1000000
            input: {value: "${i}"}
          - type: noop
        """);
    assertThat(spec.tasks()).hasSize(2);
    assertThat(spec.taskCount()).isEqualTo(1_000_001);
    assertThat(spec.tasks().get(0).repeat()).isEqualTo(1_000_000);
  }

  @Test
  void findsCollisionsWithTenMillionCopiesWithoutListingThem() {
    String job = """
        tasks:
          - id: x
            type: noop
            repeat: 9999998
          - id: x-9999997
            type: noop
          - id: x-9999998
            type: noop
        """;
    assertThat(problems("big.yaml", job)).singleElement().satisfies(p -> {
      assertThat(p.line()).isEqualTo(5);
      assertThat(p.field()).isEqualTo("tasks[1].id");
      assertThat(p.message()).isEqualTo(
          "duplicate task id 'x-9999997': also one of the ids x-0 … x-9999997 of tasks[0] (line 2)");
    });

    String positions = """
        tasks:
          - type: noop
            repeat: 9999998
          - id: "9999997"
            type: noop
          - id: "09999997"
            type: noop
        """;
    assertThat(problems("big.yaml", positions)).singleElement().satisfies(p -> {
      assertThat(p.line()).isEqualTo(4);
      assertThat(p.field()).isEqualTo("tasks[1].id");
      assertThat(p.message()).contains("'9999997'", "positions 0 … 9999997 of tasks[0]");
    });
  }

  @Test
  void reportsEveryProblemOfAFileInLineOrder() {
    List<Problem> problems = problems("many.yaml", """
        name: broken
        defaults:
          timeout: soon
        tasks:
          - id: a
            type: noop
            lane: gpu
          - id: a
            tmeout: 3s
          - type: noop
            retries: -1
        """);
    assertThat(problems).extracting(Problem::line, Problem::field).containsExactly(
        tuple(3, "defaults.timeout"),
        tuple(7, "tasks[0].lane"),
        tuple(8, "tasks[1].type"),
        tuple(8, "tasks[1].id"),
        tuple(9, "tasks[1].tmeout"),
        tuple(11, "tasks[2].retries"));
    assertThat(problems).allSatisfy(p -> assertThat(p.file()).isEqualTo("many.yaml"));
  }

  @Test
  void theExceptionMessageListsEveryProblemWithFileLineAndField() {
    assertThatThrownBy(() -> JobFileParser.parse("x.yaml", "tasks:\n  - type: noop\n    lane: gpu\n"))
        .isInstanceOf(JobSpecException.class)
        .hasMessage("x.yaml:3: tasks[0].lane: must be io, cpu or auto, not 'gpu'");
  }

  @Test
  void readsAFileFromDisk(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("job.yml");
    Files.writeString(file, "tasks:\n  - type: noop\n");
    assertThat(JobFileParser.parse(file).taskCount()).isEqualTo(1);

    Path broken = dir.resolve("broken.yml");
    Files.write(broken, new byte[] {'t', 'a', (byte) 0xff, ':'});
    assertThatThrownBy(() -> JobFileParser.parse(broken))
        .isInstanceOfSatisfying(JobSpecException.class, e -> assertThat(e.problems())
            .containsExactly(new Problem(broken.toString(), 0, "", "the file is not UTF-8 text")));
  }

  @Test
  void checkTypesNamesEachUnknownTypeWithItsLineAndTheKnownOnes() throws Exception {
    JobSpec spec = JobFileParser.parse("quick.yaml", YAML_JOB);
    List<Problem> problems = JobFileParser.checkTypes(spec, "quick.yaml", Set.of("sleep", "noop", "factorial"));
    assertThat(problems).containsExactly(new Problem("quick.yaml", 10, "tasks[1].type",
        "unknown task type 'sha256' (known: factorial, noop, sleep)"));
    assertThat(JobFileParser.checkTypes(spec, "quick.yaml",
        Set.of("sleep", "noop", "factorial", "sha256"))).isEmpty();
  }

  static final String FOREACH_JOB = """
      tasks:
        - id: fetch
          type: http.get
          foreach: {file: urls.txt}
          input: {url: "${line}", n: "${i}", keep: 7}
        - id: sq
          type: noop
          foreach:
            range: [5, 1005]
          input: {v: "${i}", w: ["${line}!"]}
        - type: noop
          foreach: {range: [0, 2]}
        - type: noop
      """;

  private static final String URLS = "  http://a/1  \r\n\n \t \nhttp://b/2\n\nhttp://c/3";

  @Test
  void readsForeachOverAFileAndARangeKeptLazy() throws Exception {
    List<String> asked = new ArrayList<>();
    JobSpec spec = JobFileParser.parse("each.yaml", FOREACH_JOB, JobFileParser.Limits.DEFAULT, name -> {
      asked.add(name);
      return name.equals("urls.txt") ? URLS : null;
    });

    assertThat(asked).containsExactly("urls.txt");
    assertThat(spec.tasks()).extracting(TaskTemplate::foreach).containsExactly(
        Foreach.ofLines("urls.txt", List.of("http://a/1", "http://b/2", "http://c/3")),
        Foreach.ofRange(5, 1005),
        Foreach.ofRange(0, 2),
        null);
    assertThat(spec.tasks()).extracting(TaskTemplate::repeat).containsOnlyNulls();
    assertThat(spec.tasks()).extracting(TaskTemplate::line).containsExactly(2, 6, 11, 13);
    assertThat(spec.tasks()).extracting(TaskTemplate::count).containsExactly(3, 1000, 2, 1);
    assertThat(spec.taskCount()).isEqualTo(1006);
  }

  @Test
  void materializesForeachItemsIntoIdsAndInputs() throws Exception {
    List<TaskTemplate> tasks = JobFileParser.parse("each.yaml", FOREACH_JOB, JobFileParser.Limits.DEFAULT,
        name -> URLS).tasks();

    TaskTemplate fetch = tasks.get(0).withLane(Lane.IO);
    assertThat(fetch.hasPlaceholder()).isTrue();
    TaskSpec second = fetch.materialize(1, 1, true);
    assertThat(second.id()).isEqualTo("fetch-1");
    assertThat(second.input()).isEqualTo(json("{\"url\":\"http://b/2\",\"n\":\"1\",\"keep\":7}"));

    TaskTemplate sq = tasks.get(1).withLane(Lane.IO);
    TaskSpec last = sq.materialize(3 + 999, 999, true);
    assertThat(last.id()).isEqualTo("sq-999");
    assertThat(last.index()).isEqualTo(1002);
    assertThat(last.input()).isEqualTo(json("{\"v\":\"1004\",\"w\":[\"1004!\"]}"));

    TaskTemplate unnamed = tasks.get(2).withLane(Lane.IO);
    assertThat(unnamed.materialize(1003 + 1, 1, false).id()).isEqualTo("1004");
    assertThat(tasks.get(3).withLane(Lane.IO).materialize(1005, 0, false).id()).isEqualTo("1005");
  }

  @Test
  void readsForeachFromJsonLikeYaml() throws Exception {
    String json = """
        {"tasks": [
          {"id": "fetch", "type": "http.get", "foreach": {"file": "urls.txt"},
           "input": {"url": "${line}", "n": "${i}", "keep": 7}},
          {"id": "sq", "type": "noop", "foreach": {"range": [5, 1005]},
           "input": {"v": "${i}", "w": ["${line}!"]}},
          {"type": "noop", "foreach": {"range": [0, 2]}},
          {"type": "noop"}
        ]}
        """;
    JobSpec fromJson = JobFileParser.parse("each.json", json, JobFileParser.Limits.DEFAULT, name -> URLS);
    JobSpec fromYaml = JobFileParser.parse("each.yaml", FOREACH_JOB, JobFileParser.Limits.DEFAULT, name -> URLS);

    assertThat(withoutLines(fromJson)).isEqualTo(withoutLines(fromYaml));
  }

  @Test
  void withoutAttachmentsAForeachFileIsNotFound() {
    assertThatThrownBy(() -> JobFileParser.parse("each.yaml", FOREACH_JOB))
        .isInstanceOfSatisfying(JobSpecException.class, e -> assertThat(e.problems()).containsExactly(
            new Problem("each.yaml", 4, "tasks[0].foreach.file", "foreach file 'urls.txt' not found")));
  }

  @Test
  void readsForeachFilesBesideTheJobFile(@TempDir Path dir) throws Exception {
    Path jobs = Files.createDirectories(dir.resolve("jobs"));
    Files.createDirectories(jobs.resolve("lists"));
    Files.writeString(jobs.resolve("lists/urls.txt"), "http://a\nhttp://b\n");
    Path job = jobs.resolve("job.yaml");
    Files.writeString(job, """
        tasks:
          - id: fetch
            type: http.get
            foreach: {file: lists/urls.txt}
            input: {url: "${line}"}
        """);

    JobSpec spec = JobFileParser.parse(job);
    assertThat(spec.tasks().getFirst().foreach()).isEqualTo(
        Foreach.ofLines("lists/urls.txt", List.of("http://a", "http://b")));
    assertThat(spec.taskCount()).isEqualTo(2);

    assertThatThrownBy(() -> JobFileParser.parse(job, new JobFileParser.Limits(1, 100)))
        .isInstanceOfSatisfying(JobSpecException.class, e -> assertThat(e.problems()).containsExactly(
            new Problem(job.toString(), 4, "tasks[0].foreach",
                "the job has 2 tasks, more than the limit of 1")));

    Files.writeString(job, "tasks:\n  - type: noop\n    foreach:\n      file: gone.txt\n");
    assertThatThrownBy(() -> JobFileParser.parse(job))
        .isInstanceOfSatisfying(JobSpecException.class, e -> assertThat(e.problems()).containsExactly(
            new Problem(job.toString(), 4, "tasks[0].foreach.file",
                "foreach file '" + jobs.resolve("gone.txt") + "' not found")));

    Files.write(jobs.resolve("latin1.txt"), new byte[] {'a', (byte) 0xe9, '\n'});
    Files.writeString(job, "tasks:\n  - type: noop\n    foreach: {file: latin1.txt}\n");
    assertThatThrownBy(() -> JobFileParser.parse(job))
        .isInstanceOfSatisfying(JobSpecException.class, e -> assertThat(e.problems()).containsExactly(
            new Problem(job.toString(), 3, "tasks[0].foreach.file",
                "foreach file '" + jobs.resolve("latin1.txt") + "' not found")));
  }

  @Test
  void attachmentsOfListsTheForeachFilesOnce() {
    assertThat(JobFileParser.attachmentsOf("each.yaml", """
        name: x
        input: {file: not-a-task.txt}
        tasks:
          - type: noop
            input: {file: input-not-foreach.txt, foreach: {file: nested.txt}}
          - id: b
            type: noop
            foreach: {file: b.txt}
          - type: noop
            foreach:
              file: a.txt
          - type: noop
            foreach: {range: [0, 3]}
          - type: noop
            foreach: {file: b.txt}
          - type: noop
            foreach: {file: 2024}
        """)).containsExactly("b.txt", "a.txt", "2024");

    assertThat(JobFileParser.attachmentsOf("each.json", """
        {"tasks": [{"type": "noop", "foreach": {"file": "a.json.txt"}},
                   {"type": "noop", "foreach": {"file": "b.json.txt"}}]}
        """)).containsExactly("a.json.txt", "b.json.txt");

    assertThat(JobFileParser.attachmentsOf("none.yaml", FOREACH_JOB.replace("urls.txt", "u.txt")))
        .containsExactly("u.txt");
    assertThat(JobFileParser.attachmentsOf("none.yaml", YAML_JOB)).isEmpty();
  }

  @Test
  void attachmentsOfABrokenFileReturnsWhatItCouldRead() {
    assertThat(JobFileParser.attachmentsOf("broken.yaml", """
        tasks:
          - type: noop
            foreach: {file: first.txt}
          - type: noop
           foreach: [
          - foreach: {file: never.txt}
        """)).containsExactly("first.txt");
    assertThat(JobFileParser.attachmentsOf("broken.json", "{\"tasks\": [{\"foreach\": {\"file\": \"x.txt\"}}, {,")).containsExactly("x.txt");
    assertThat(JobFileParser.attachmentsOf("empty.yaml", "")).isEmpty();
    assertThat(JobFileParser.attachmentsOf("list.yaml", "- foreach: {file: a.txt}\n")).isEmpty();
    assertThat(JobFileParser.attachmentsOf("tab.yaml", "tasks:\n\t- x: [\n")).isEmpty();
  }

  @Test
  void limitsMustBePositive() {
    assertThatThrownBy(() -> new JobFileParser.Limits(0, 10)).isInstanceOf(IllegalArgumentException.class);
  }

  static List<Problem> problems(String file, String text) {
    return problems(file, text, JobFileParser.Limits.DEFAULT);
  }

  static List<Problem> problems(String file, String text, JobFileParser.Limits limits) {
    return problems(file, text, limits, name -> null);
  }

  static List<Problem> problems(String file, String text, JobFileParser.Limits limits,
      Function<String, String> attachments) {
    try {
      JobSpec spec = JobFileParser.parse(file, text, limits, attachments);
      throw new AssertionError("expected problems, parsed " + spec);
    } catch (JobSpecException e) {
      assertThat(e.problems()).isNotEmpty();
      return e.problems();
    }
  }

  private static List<TaskTemplate> withoutLines(JobSpec spec) {
    return spec.tasks().stream()
        .map(t -> new TaskTemplate(t.id(), t.type(), t.lane(), t.input(), t.timeoutMs(), t.retries(),
            t.key(), t.repeat(), t.foreach(), 0))
        .toList();
  }

  private static JsonNode json(String text) throws Exception {
    return JSON.readTree(text);
  }
}
