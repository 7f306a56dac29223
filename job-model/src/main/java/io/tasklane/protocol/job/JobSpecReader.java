package io.tasklane.protocol.job;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.tasklane.protocol.Lane;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.regex.Pattern;

/** Turns a located tree into a {@link JobSpec}, adding every problem it finds. */
final class JobSpecReader {

  static final List<String> JOB_FIELDS = List.of("id", "name", "open", "defaults", "tasks");
  static final List<String> DEFAULTS_FIELDS = List.of("timeout", "retries");
  static final List<String> TASK_FIELDS =
      List.of("id", "type", "lane", "input", "timeout", "retries", "key", "repeat", "foreach");

  private static final Pattern JOB_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
  private static final Pattern TASK_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");
  private static final int MAX_RETRIES = 100;

  /** What {@code defaults} sets: 0 timeout = none. */
  private record Defaults(long timeoutMs, int retries) {}

  private final LocatedTree tree;
  private final Problems problems;
  private final JobFileParser.Limits limits;
  private final Fields fields;
  private final TaskIdClaims ids;
  private final ForeachReader foreachReader;
  private long position;
  private boolean positionsKnown = true;

  JobSpecReader(LocatedTree tree, Problems problems, JobFileParser.Limits limits, Attachments attachments) {
    this.tree = tree;
    this.problems = problems;
    this.limits = limits;
    this.fields = new Fields(tree, problems);
    this.ids = new TaskIdClaims(problems);
    this.foreachReader = new ForeachReader(tree, problems, fields, attachments, limits.maxTasks());
  }

  /** The job, or null when a problem was found. */
  JobSpec read() {
    JsonNode root = tree.root();
    if (!root.isObject()) {
      problems.add(tree.line(""), "",
          "a job must be a mapping with the fields " + String.join(", ", JOB_FIELDS)
              + ", not " + Fields.kind(root));
      return null;
    }
    int before = problems.count();
    fields.checkKnown(root, "", JOB_FIELDS);
    String id = fields.text(root, "", "id");
    if (id != null && !JOB_ID.matcher(id).matches()) {
      problems.add(tree.line("id"), "id", "must be 1 to 64 letters, digits, '.', '_' or '-', not '" + id + "'");
    }
    String name = fields.text(root, "", "name");
    boolean open = Boolean.TRUE.equals(fields.bool(root, "", "open"));
    Defaults defaults = defaults(root);
    List<TaskTemplate> tasks = tasks(root, defaults, open);
    ids.check();
    return problems.count() == before ? new JobSpec(id, name, tasks, open) : null;
  }

  private Defaults defaults(JsonNode root) {
    JsonNode node = Fields.get(root, "defaults");
    if (node == null) {
      return new Defaults(0, 0);
    }
    if (!node.isObject()) {
      problems.add(tree.line("defaults"), "defaults", "must be a mapping with timeout and/or retries");
      return new Defaults(0, 0);
    }
    fields.checkKnown(node, "defaults", DEFAULTS_FIELDS);
    Long timeout = fields.duration(node, "defaults", "timeout");
    Integer retries = fields.integer(node, "defaults", "retries", 0, MAX_RETRIES);
    return new Defaults(timeout == null ? 0 : timeout, retries == null ? 0 : retries);
  }

  /** An open job (more tasks are appended later) may start with none. */
  private List<TaskTemplate> tasks(JsonNode root, Defaults defaults, boolean open) {
    List<TaskTemplate> templates = new ArrayList<>();
    JsonNode node = root.get("tasks");
    if (node == null && open) {
      return templates;
    }
    if (node == null) {
      problems.add(tree.line(""), "tasks", "missing required field 'tasks'");
      return templates;
    }
    if (!node.isArray() || (node.isEmpty() && !open)) {
      problems.add(tree.line("tasks"), "tasks", "must be a non-empty list of tasks");
      return templates;
    }
    TaskLimit limit = new TaskLimit(limits.maxTasks());
    int index = 0;
    for (Iterator<JsonNode> entries = node.elements(); entries.hasNext(); index++) {
      TaskTemplate template = task(entries.next(), index, defaults, limit);
      if (template != null) {
        templates.add(template);
      }
    }
    limit.report(problems);
    return templates;
  }

  private TaskTemplate task(JsonNode node, int index, Defaults defaults, TaskLimit limit) {
    String path = "tasks[" + index + "]";
    int line = tree.line(path);
    if (!node.isObject()) {
      problems.add(line, path, "must be a mapping (one task), not " + Fields.kind(node));
      positionsKnown = false;
      return null;
    }
    int before = problems.count();
    fields.checkKnown(node, path, TASK_FIELDS);
    String id = taskId(node, path);
    String type = type(node, path, line);
    String laneText = fields.text(node, path, "lane");
    boolean auto = "auto".equalsIgnoreCase(laneText);
    Lane lane = auto ? null : lane(laneText, path);
    JsonNode input = input(node, path);
    Long timeout = fields.duration(node, path, "timeout");
    Integer retries = fields.integer(node, path, "retries", 0, MAX_RETRIES);
    String key = fields.text(node, path, "key");
    int problemsBeforeCount = problems.count();
    Integer repeat = fields.integer(node, path, "repeat", 1, (int) Math.min(limits.maxTasks(), Integer.MAX_VALUE));
    Foreach foreach = foreachReader.read(node, path);
    if (problems.count() != problemsBeforeCount) {
      positionsKnown = false;
      return null;
    }
    int count;
    Integer copies;
    if (foreach != null) {
      count = Math.toIntExact(foreach.count());
      copies = count;
      limit.add(count, path + ".foreach", tree.keyLine(path + ".foreach"));
    } else {
      count = repeat == null ? 1 : repeat;
      copies = repeat;
      limit.add(count, repeat == null ? path : path + ".repeat", repeat == null ? line : tree.line(path + ".repeat"));
    }
    claim(index, id, copies, count, path, line);
    if (problems.count() != before) {
      return null;
    }
    return new TaskTemplate(id, type, lane, input,
        timeout == null ? defaults.timeoutMs() : timeout,
        retries == null ? defaults.retries() : retries,
        key, repeat, foreach, line, auto);
  }

  /** {@code copies}: null for one task, else the number of numbered ids it stands for. */
  private void claim(int index, String id, Integer copies, int count, String path, int line) {
    if (id != null) {
      ids.claimId(index, id, copies, tree.line(path + ".id"));
    } else if (positionsKnown) {
      ids.claimPositions(index, position, count, line);
    }
    position += count;
  }

  private String taskId(JsonNode node, String path) {
    String id = fields.text(node, path, "id");
    if (id != null && !TASK_ID.matcher(id).matches()) {
      problems.add(tree.line(path + ".id"), path + ".id",
          "must be 1 to 128 letters, digits, '.', '_', ':' or '-', not '" + id + "'");
      return null;
    }
    return id;
  }

  private String type(JsonNode node, String path, int line) {
    if (Fields.get(node, "type") == null) {
      problems.add(line, path + ".type", "missing required field 'type'");
      return null;
    }
    String type = fields.text(node, path, "type");
    if (type != null && type.isBlank()) {
      problems.add(tree.line(path + ".type"), path + ".type", "must not be empty");
      return null;
    }
    return type;
  }

  /** {@code io} or {@code cpu}; null when not given ({@code auto} is read before). */
  private Lane lane(String text, String path) {
    if (text == null) {
      return null;
    }
    try {
      return Lane.parse(text);
    } catch (IllegalArgumentException e) {
      problems.add(tree.line(path + ".lane"), path + ".lane", "must be io, cpu or auto, not '" + text + "'");
      return null;
    }
  }

  private JsonNode input(JsonNode node, String path) {
    JsonNode input = Fields.get(node, "input");
    if (input == null) {
      return JsonNodeFactory.instance.objectNode();
    }
    String field = path + ".input";
    if (!input.isObject()) {
      problems.add(tree.line(field), field, "must be a mapping (an object), not " + Fields.kind(input));
      return null;
    }
    long bytes = JsonSize.of(input);
    if (bytes > limits.maxInputBytes()) {
      problems.add(tree.keyLine(field), field,
          "is " + bytes + " bytes as JSON, more than the limit of " + limits.maxInputBytes());
    }
    return input;
  }

  /** Counts the job's tasks and remembers where the count first passed the limit. */
  private static final class TaskLimit {
    private final long max;
    private long total;
    private String field;
    private int line;

    TaskLimit(long max) {
      this.max = max;
    }

    void add(int count, String at, int atLine) {
      total += count;
      if (total > max && field == null) {
        field = at;
        line = atLine;
      }
    }

    void report(Problems problems) {
      if (field != null) {
        problems.add(line, field, "the job has " + total + " tasks, more than the limit of " + max);
      }
    }
  }
}
