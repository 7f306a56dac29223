package io.tasklane.protocol.job;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * Reads a task's {@code foreach}: {@code {file: NAME}} (one task per non-blank line of an
 * attached file) or {@code {range: [from, to]}} (one per integer, {@code to} not included).
 */
final class ForeachReader {

  static final List<String> FOREACH_FIELDS = List.of("file", "range");

  private static final String RANGE_SHAPE = "must be a list of two integers [from, to]";

  private final LocatedTree tree;
  private final Problems problems;
  private final Fields fields;
  private final Attachments attachments;
  private final int maxItems;

  ForeachReader(LocatedTree tree, Problems problems, Fields fields, Attachments attachments, long maxTasks) {
    this.tree = tree;
    this.problems = problems;
    this.fields = fields;
    this.attachments = attachments;
    this.maxItems = (int) Math.min(maxTasks, Integer.MAX_VALUE);
  }

  /** The task's items, or null when it has no {@code foreach} or a problem was added. */
  Foreach read(JsonNode task, String taskPath) {
    JsonNode node = Fields.get(task, "foreach");
    if (node == null) {
      return null;
    }
    String path = taskPath + ".foreach";
    int line = tree.keyLine(path);
    if (Fields.get(task, "repeat") != null) {
      problems.add(line, path, "use either repeat or foreach, not both");
      return null;
    }
    if (!node.isObject()) {
      problems.add(line, path, "must be a mapping with file or range, not " + Fields.kind(node));
      return null;
    }
    int before = problems.count();
    fields.checkKnown(node, path, FOREACH_FIELDS);
    boolean file = Fields.get(node, "file") != null;
    boolean range = Fields.get(node, "range") != null;
    if (file == range) {
      problems.add(line, path, file ? "use either file or range, not both" : "must have file or range");
      return null;
    }
    Foreach foreach = file ? file(node, path) : range(node.get("range"), path + ".range");
    return problems.count() == before ? foreach : null;
  }

  private Foreach file(JsonNode node, String path) {
    String written = fields.text(node, path, "file");
    if (written == null) {
      return null;
    }
    String field = path + ".file";
    int line = tree.line(field);
    if (written.isBlank()) {
      problems.add(line, field, "must not be empty");
      return null;
    }
    List<String> items = attachments.items(written);
    if (items == null) {
      problems.add(line, field, "foreach file '" + attachments.shownName(written) + "' not found");
      return null;
    }
    if (items.isEmpty()) {
      problems.add(line, field, "foreach file '" + written + "' has no items");
      return null;
    }
    return Foreach.ofLines(written, items);
  }

  private Foreach range(JsonNode node, String field) {
    int line = tree.line(field);
    if (!node.isArray()) {
      problems.add(line, field, RANGE_SHAPE + ", not " + Fields.kind(node));
      return null;
    }
    if (node.size() != 2) {
      problems.add(line, field, RANGE_SHAPE + ", not a list of " + node.size()
          + (node.size() == 1 ? " value" : " values"));
      return null;
    }
    JsonNode from = node.get(0);
    JsonNode to = node.get(1);
    if (!from.isIntegralNumber()) {
      problems.add(line, field, RANGE_SHAPE + ", but from is " + Fields.kind(from));
      return null;
    }
    if (!to.isIntegralNumber()) {
      problems.add(line, field, RANGE_SHAPE + ", but to is " + Fields.kind(to));
      return null;
    }
    if (!from.canConvertToLong() || !to.canConvertToLong()
        || from.longValue() < 0 || from.longValue() >= to.longValue()) {
      problems.add(line, field, "must have 0 <= from < to, not [" + from.asText() + ", " + to.asText() + "]");
      return null;
    }
    long count = to.longValue() - from.longValue();
    if (count > maxItems) {
      problems.add(line, field, "has " + count + " values, more than the limit of " + maxItems);
      return null;
    }
    return Foreach.ofRange(from.longValue(), to.longValue());
  }
}
