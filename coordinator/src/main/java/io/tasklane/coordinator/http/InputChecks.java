package io.tasklane.coordinator.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.tasklane.protocol.dispatch.BrokerProtocol.Catalog;
import io.tasklane.protocol.dispatch.BrokerProtocol.WorkerOffer;
import io.tasklane.protocol.job.JobSpec;
import io.tasklane.protocol.job.JobSpecException.Problem;
import io.tasklane.protocol.job.TaskTemplate;
import io.tasklane.spi.InputProblem;
import io.tasklane.spi.InputSchema;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks each task's input against the schema its type's workers offer, at submit: a bad input is
 * refused with the task and field named instead of failing when it runs.
 *
 * <p>When workers offer one type with different schemas (a plugin upgrade under way), a task
 * must fit every one of them: it may run on any of those workers.
 *
 * <p>A {@code repeat} or {@code foreach} template is checked without making its copies: once
 * when its input has no placeholder (every copy is the same), else as its first and last copy.
 * {@code ${i}} only grows from copy to copy, so those two bound every copy's value (types,
 * minimum and maximum, length); lines of a {@code foreach} file between them are checked by the
 * worker when their task runs. A 1,000,000-task template costs two checks.
 */
final class InputChecks {

  /** The most input problems one answer lists: enough to fix, not a copy per task. */
  static final int MAX_PROBLEMS = 50;

  private final SchemaCache schemas;

  InputChecks(SchemaCache schemas) {
    this.schemas = schemas;
  }

  /** The input problems of a spec whose types are known and lanes resolved; empty when it fits. */
  List<Problem> check(JobSpec spec, String file, Catalog catalog) {
    Map<String, List<InputSchema>> byType = new HashMap<>();
    Set<Problem> problems = new LinkedHashSet<>();
    List<TaskTemplate> tasks = spec.tasks();
    for (int k = 0; k < tasks.size() && problems.size() < MAX_PROBLEMS; k++) {
      TaskTemplate template = tasks.get(k);
      List<InputSchema> checks = byType.computeIfAbsent(template.type(), type -> schemasOf(type, catalog));
      if (checks.isEmpty() || template.count() == 0) {
        continue;
      }
      if (!template.numbered() || !template.hasPlaceholder()) {
        check(checks, template.input(), k, template, who(template, null), file, problems);
      } else {
        int last = template.count() - 1;
        check(checks, template.materialize(0, 0, true).input(), k, template, who(template, 0), file, problems);
        if (last > 0) {
          check(checks, template.materialize(0, last, true).input(), k, template, who(template, last), file, problems);
        }
      }
    }
    return List.copyOf(problems).subList(0, Math.min(problems.size(), MAX_PROBLEMS));
  }

  /** The distinct schemas the type's workers offer that check something. */
  private List<InputSchema> schemasOf(String type, Catalog catalog) {
    List<InputSchema> found = new ArrayList<>();
    Set<String> texts = new LinkedHashSet<>();
    for (WorkerOffer offer : catalog.offers().getOrDefault(type, List.of())) {
      texts.add(offer.offer().input());
    }
    for (String text : texts) {
      InputSchema schema = schemas.schema(type, text);
      if (schema != null && !schema.acceptsAnything()) {
        found.add(schema);
      }
    }
    return found;
  }

  private static void check(List<InputSchema> checks, JsonNode input, int k, TaskTemplate template, String who,
      String file, Set<Problem> problems) {
    for (InputSchema schema : checks) {
      for (InputProblem problem : schema.problems(input)) {
        problems.add(new Problem(file, template.line(), "tasks[" + k + "]." + problem.path(),
            problem.message() + " (" + who + ")"));
      }
    }
  }

  /** {@code task 'nap', type sleep}; for a copy, the copy's id; without an id, the type only. */
  private static String who(TaskTemplate template, Integer copy) {
    String type = "type " + template.type();
    if (template.id() == null) {
      return copy == null ? type : type + ", copy " + copy;
    }
    if (!template.numbered()) {
      return "task '" + template.id() + "', " + type;
    }
    return copy == null ? "every task '" + template.id() + "-N', " + type
        : "task '" + template.id() + "-" + copy + "', " + type;
  }
}
