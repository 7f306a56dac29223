package io.tasklane.protocol.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.tasklane.protocol.job.JobSpecException.Problem;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** One broken file per row: the one problem it must produce, with its exact line and field. */
class BrokenJobFilesTest {

  private static final JobFileParser.Limits SMALL = new JobFileParser.Limits(10, 20);

  /** The files every case may name in a {@code foreach}. */
  private static final Map<String, String> ATTACHED = Map.of(
      "urls.txt", "http://a\nhttp://b\n",
      "blank.txt", "  \n\t\n\r\n");

  record Case(String name, String file, String text, JobFileParser.Limits limits,
      int line, String field, String message) {

    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> brokenFiles() {
    return Stream.of(
        yaml("unknown field, near miss", """
            tasks:
              - type: noop
                tmeout: 3s
            """, 3, "tasks[0].tmeout", "unknown field 'tmeout' (did you mean 'timeout'?)"),
        yaml("unknown field, no near miss", """
            tasks:
              - type: noop
                colour: red
            """, 3, "tasks[0].colour",
            "unknown field 'colour' (allowed: id, type, lane, input, timeout, retries, key, repeat, foreach)"),
        yaml("unknown top-level field", """
            tasks:
              - type: noop
            default:
              retries: 1
            """, 3, "default", "unknown field 'default' (did you mean 'defaults'?)"),
        yaml("unknown field in defaults", """
            defaults:
              retires: 2
            tasks:
              - type: noop
            """, 2, "defaults.retires", "unknown field 'retires' (did you mean 'retries'?)"),
        yaml("retries not an integer", """
            tasks:
              - type: noop
                retries: two
            """, 3, "tasks[0].retries", "must be an integer, not a string"),
        yaml("retries out of range", """
            tasks:
              - type: noop
                retries: 101
            """, 3, "tasks[0].retries", "must be between 0 and 100, not 101"),
        yaml("type not a string", """
            tasks:
              - type: [noop]
            """, 2, "tasks[0].type", "must be a string, not a list"),
        yaml("bad duration", """
            tasks:
              - type: noop
                timeout: 5 minutes
            """, 3, "tasks[0].timeout", Durations.EXPECTED + ", not '5 minutes'"),
        yaml("zero duration", """
            tasks:
              - type: noop
                timeout: 0s
            """, 3, "tasks[0].timeout", "must be more than 0"),
        yaml("fraction of a millisecond", """
            tasks:
              - type: noop
                timeout: 1.0005s
            """, 3, "tasks[0].timeout", "must be a whole number of milliseconds"),
        yaml("bad default duration", """
            defaults:
              timeout: -1s
            tasks:
              - type: noop
            """, 2, "defaults.timeout", Durations.EXPECTED + ", not '-1s'"),
        yaml("duplicate explicit ids", """
            tasks:
              - id: a
                type: noop
              - id: a
                type: noop
            """, 4, "tasks[1].id", "duplicate task id 'a': also the id of tasks[0] (line 2)"),
        yaml("id inside an earlier repeat", """
            tasks:
              - id: many
                type: noop
                repeat: 3
              - id: many-2
                type: noop
            """, 5, "tasks[1].id",
            "duplicate task id 'many-2': also one of the ids many-0 … many-2 of tasks[0] (line 2)"),
        yaml("repeat covering an earlier id", """
            tasks:
              - id: many-1
                type: noop
              - id: many
                type: noop
                repeat: 3
            """, 4, "tasks[1].id", "duplicate task id 'many-1': also the id of tasks[0] (line 2)"),
        yaml("two repeats of one id", """
            tasks:
              - id: x
                type: noop
                repeat: 2
              - id: x
                type: noop
                repeat: 5
            """, 5, "tasks[1].id",
            "duplicate task id 'x-0': also one of the ids x-0 … x-1 of tasks[0] (line 2)"),
        yaml("explicit id equal to a position", """
            tasks:
              - type: noop
                repeat: 4
              - id: "3"
                type: noop
            """, 4, "tasks[1].id",
            "duplicate task id '3': also one of the positions 0 … 3 of tasks[0] (line 2), which has no id"),
        yaml("position equal to an earlier explicit id", """
            tasks:
              - id: 1
                type: noop
              - type: noop
            """, 4, "tasks[1]", "duplicate task id '1' (its position): also the id of tasks[0] (line 2)"),
        yaml("missing type", """
            name: x
            tasks:
              - id: a
                input: {}
            """, 3, "tasks[0].type", "missing required field 'type'"),
        yaml("empty type", """
            tasks:
              - type: ""
            """, 2, "tasks[0].type", "must not be empty"),
        yaml("bad lane", """
            tasks:
              - type: noop
                lane: gpu
            """, 3, "tasks[0].lane", "must be io, cpu or auto, not 'gpu'"),
        yaml("bad task id", """
            tasks:
              - id: a b
                type: noop
            """, 2, "tasks[0].id", "must be 1 to 128 letters, digits, '.', '_', ':' or '-', not 'a b'"),
        yaml("bad job id", """
            id: "job/1"
            tasks:
              - type: noop
            """, 1, "id", "must be 1 to 64 letters, digits, '.', '_' or '-', not 'job/1'"),
        yaml("input not a mapping", """
            tasks:
              - type: noop
                input: [1, 2]
            """, 3, "tasks[0].input", "must be a mapping (an object), not a list"),
        new Case("input too big", "big.yaml", """
            tasks:
              - type: noop
                input:
                  text: 0123456789abcdef
            """, SMALL, 3, "tasks[0].input", "is 27 bytes as JSON, more than the limit of 20"),
        new Case("too many tasks", "many.yaml", """
            tasks:
              - type: noop
                repeat: 6
              - type: noop
              - type: noop
                repeat: 4
            """, SMALL, 6, "tasks[2].repeat", "the job has 11 tasks, more than the limit of 10"),
        new Case("too many tasks without repeat", "many.json", """
            {"tasks": [
              {"type": "a", "repeat": 10},
              {"type": "b"}
            ]}
            """, SMALL, 3, "tasks[1]", "the job has 11 tasks, more than the limit of 10"),
        new Case("repeat over the limit", "many.yaml", """
            tasks:
              - type: noop
                repeat: 11
            """, SMALL, 3, "tasks[0].repeat", "must be between 1 and 10, not 11"),
        yaml("repeat zero", """
            tasks:
              - type: noop
                repeat: 0
            """, 3, "tasks[0].repeat", "must be between 1 and 10000000, not 0"),
        yaml("duplicate key", """
            tasks:
              - type: noop
                type: sleep
            """, 3, "tasks[0].type", "duplicate field 'type'"),
        yaml("malformed YAML", """
            tasks:
              - type: noop
               input: [
            """, 3, "",
            "malformed YAML: expected <block end>, but found '<block mapping start>' "
                + "(while parsing a block collection at line 2)"),
        json("malformed JSON", """
            {"tasks": [
              {"type": "noop",}
            ]}
            """, 2, "",
            "malformed JSON: Unexpected character ('}' (code 125)): was expecting double-quote to start field name"),
        json("JSON wrong type", """
            {
              "tasks": [
                {"type": "noop",
                 "retries": "2"}
              ]
            }
            """, 4, "tasks[0].retries", "must be an integer, not a string"),
        yaml("empty file", "", 0, "", "the file is empty"),
        yaml("only comments", "# nothing yet\n\n", 0, "", "the file is empty"),
        yaml("not a mapping", "- type: noop\n", 1, "",
            "a job must be a mapping with the fields id, name, open, defaults, tasks, not a list"),
        yaml("open not a boolean", "open: 1\ntasks: [{type: noop}]\n", 1, "open", "must be true or false, not a number"),
        yaml("no tasks", "name: x\n", 1, "tasks", "missing required field 'tasks'"),
        yaml("empty task list", "name: x\ntasks: []\n", 2, "tasks", "must be a non-empty list of tasks"),
        yaml("task not a mapping", "tasks:\n  - noop\n", 2, "tasks[0]", "must be a mapping (one task), not a string"),
        yaml("two documents", "tasks:\n  - type: noop\n---\ntasks:\n  - type: noop\n", 4, "",
            "unexpected content after the job (one job per file)"));
  }

  static Stream<Case> brokenForeach() {
    return Stream.of(
        yaml("foreach and repeat", """
            tasks:
              - id: x
                type: noop
                repeat: 3
                foreach: {range: [0, 3]}
            """, 5, "tasks[0].foreach", "use either repeat or foreach, not both"),
        yaml("foreach not a mapping", """
            tasks:
              - type: noop
                foreach: urls.txt
            """, 3, "tasks[0].foreach", "must be a mapping with file or range, not a string"),
        yaml("foreach unknown field", """
            tasks:
              - type: noop
                foreach:
                  file: urls.txt
                  rnage: [0, 2]
            """, 5, "tasks[0].foreach.rnage", "unknown field 'rnage' (did you mean 'range'?)"),
        yaml("foreach unknown field, no near miss", """
            tasks:
              - type: noop
                foreach:
                  range: [0, 2]
                  step: 2
            """, 5, "tasks[0].foreach.step", "unknown field 'step' (allowed: file, range)"),
        yaml("foreach with file and range", """
            tasks:
              - type: noop
                foreach:
                  file: urls.txt
                  range: [0, 2]
            """, 3, "tasks[0].foreach", "use either file or range, not both"),
        yaml("foreach with neither", """
            tasks:
              - type: noop
                foreach: {}
            """, 3, "tasks[0].foreach", "must have file or range"),
        yaml("foreach file not a string", """
            tasks:
              - type: noop
                foreach:
                  file: [urls.txt]
            """, 4, "tasks[0].foreach.file", "must be a string, not a list"),
        yaml("foreach file not found", """
            tasks:
              - type: noop
                foreach:
                  file: missing.txt
            """, 4, "tasks[0].foreach.file", "foreach file 'missing.txt' not found"),
        json("foreach file not found in JSON", """
            {"tasks": [
              {"type": "noop",
               "foreach": {
                 "file": "missing.txt"}}
            ]}
            """, 4, "tasks[0].foreach.file", "foreach file 'missing.txt' not found"),
        yaml("foreach file without items", """
            tasks:
              - type: noop
              - type: noop
                foreach: {file: blank.txt}
            """, 4, "tasks[1].foreach.file", "foreach file 'blank.txt' has no items"),
        yaml("range not a list", """
            tasks:
              - type: noop
                foreach: {range: 5}
            """, 3, "tasks[0].foreach.range", "must be a list of two integers [from, to], not a number"),
        yaml("range of three values", """
            tasks:
              - type: noop
                foreach:
                  range: [0, 5, 1]
            """, 4, "tasks[0].foreach.range",
            "must be a list of two integers [from, to], not a list of 3 values"),
        yaml("range of one value", """
            tasks:
              - type: noop
                foreach: {range: [5]}
            """, 3, "tasks[0].foreach.range",
            "must be a list of two integers [from, to], not a list of 1 value"),
        yaml("range end not an integer", """
            tasks:
              - type: noop
                foreach: {range: [0, "9"]}
            """, 3, "tasks[0].foreach.range", "must be a list of two integers [from, to], but to is a string"),
        yaml("range start a fraction", """
            tasks:
              - type: noop
                foreach: {range: [0.5, 9]}
            """, 3, "tasks[0].foreach.range", "must be a list of two integers [from, to], but from is a number"),
        yaml("empty range", """
            tasks:
              - type: noop
                foreach: {range: [5, 5]}
            """, 3, "tasks[0].foreach.range", "must have 0 <= from < to, not [5, 5]"),
        yaml("negative range start", """
            tasks:
              - type: noop
                foreach: {range: [-1, 5]}
            """, 3, "tasks[0].foreach.range", "must have 0 <= from < to, not [-1, 5]"),
        yaml("range beyond a long", """
            tasks:
              - type: noop
                foreach: {range: [0, 99999999999999999999]}
            """, 3, "tasks[0].foreach.range", "must have 0 <= from < to, not [0, 99999999999999999999]"),
        new Case("range over the task limit", "many.yaml", """
            tasks:
              - type: noop
                foreach: {range: [100, 111]}
            """, SMALL, 3, "tasks[0].foreach.range", "has 11 values, more than the limit of 10"),
        new Case("foreach items count toward the task limit", "many.yaml", """
            tasks:
              - type: noop
                repeat: 9
              - type: noop
                input: {url: "${line}"}
                foreach:
                  file: urls.txt
            """, SMALL, 6, "tasks[1].foreach", "the job has 11 tasks, more than the limit of 10"),
        yaml("id inside an earlier foreach", """
            tasks:
              - id: fetch
                type: http.get
                foreach: {file: urls.txt}
              - id: fetch-1
                type: noop
            """, 5, "tasks[1].id",
            "duplicate task id 'fetch-1': also one of the ids fetch-0 … fetch-1 of tasks[0] (line 2)"),
        yaml("foreach covering an earlier id", """
            tasks:
              - id: sq-999
                type: noop
              - id: sq
                type: noop
                foreach: {range: [5, 1005]}
            """, 4, "tasks[1].id", "duplicate task id 'sq-999': also the id of tasks[0] (line 2)"),
        yaml("foreach and repeat of one id", """
            tasks:
              - id: x
                type: noop
                repeat: 2
              - id: x
                type: noop
                foreach: {range: [0, 1]}
            """, 5, "tasks[1].id",
            "duplicate task id 'x-0': also one of the ids x-0 … x-1 of tasks[0] (line 2)"),
        yaml("explicit id equal to a foreach position", """
            tasks:
              - type: noop
              - type: noop
                foreach: {range: [10, 13]}
              - id: "3"
                type: noop
            """, 5, "tasks[2].id",
            "duplicate task id '3': also one of the positions 1 … 3 of tasks[1] (line 3), which has no id"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("brokenForeach")
  void refusesABrokenForeachNamingTheLineAndField(Case broken) {
    List<Problem> problems =
        JobFileParserTest.problems(broken.file(), broken.text(), broken.limits(), ATTACHED::get);

    assertThat(problems).containsExactly(
        new Problem(broken.file(), broken.line(), broken.field(), broken.message()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("brokenFiles")
  void refusesABrokenFileNamingTheLineAndField(Case broken) {
    List<Problem> problems = JobFileParserTest.problems(broken.file(), broken.text(), broken.limits());

    assertThat(problems).containsExactly(
        new Problem(broken.file(), broken.line(), broken.field(), broken.message()));
  }

  private static Case yaml(String name, String text, int line, String field, String message) {
    return new Case(name, "job.yaml", text, JobFileParser.Limits.DEFAULT, line, field, message);
  }

  private static Case json(String name, String text, int line, String field, String message) {
    return new Case(name, "job.json", text, JobFileParser.Limits.DEFAULT, line, field, message);
  }
}
