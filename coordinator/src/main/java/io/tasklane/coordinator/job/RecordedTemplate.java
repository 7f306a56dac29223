package io.tasklane.coordinator.job;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import io.tasklane.protocol.Lane;
import io.tasklane.protocol.job.Foreach;
import io.tasklane.protocol.job.TaskTemplate;
import java.util.ArrayList;
import java.util.List;

/**
 * A task template as the journal keeps it: the coordinator's own record, in the shape journals
 * have held since templates were journaled ({@code id, type, lane, input, timeoutMs, retries,
 * key, repeat, foreach, line}), so a change of the job-file model is not a journal migration.
 *
 * @param lane the lane's name ({@code io}, {@code cpu}); for an auto template where its tasks are
 *     counted until sent
 * @param auto the workers choose the lane ({@code lane: auto}); left out when false, as journals
 *     held it before there was auto
 */
public record RecordedTemplate(String id, String type, String lane, JsonNode input, long timeoutMs, int retries,
    String key, Integer repeat, Items foreach, int line,
    @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean auto) {

  /** A template's items ({@link Foreach}): a file's lines, or a range {@code [from, to)}. */
  public record Items(String file, List<String> lines, long from, long to) {

    public Items {
      lines = lines == null ? null : List.copyOf(lines);
    }
  }

  static RecordedTemplate of(TaskTemplate template) {
    Foreach items = template.foreach();
    return new RecordedTemplate(template.id(), template.type(), template.lane() == null ? null : template.lane().wireName(),
        template.input(), template.timeoutMs(), template.retries(), template.key(), template.repeat(),
        items == null ? null : new Items(items.file(), items.lines(), items.from(), items.to()), template.line(),
        template.auto());
  }

  TaskTemplate template() {
    return new TaskTemplate(id, type, lane == null ? null : Lane.parse(lane), input, timeoutMs, retries, key, repeat,
        foreach == null ? null : new Foreach(foreach.file(), foreach.lines(), foreach.from(), foreach.to()), line, auto);
  }

  static List<RecordedTemplate> of(List<TaskTemplate> templates) {
    List<RecordedTemplate> recorded = new ArrayList<>(templates.size());
    for (TaskTemplate template : templates) {
      recorded.add(of(template));
    }
    return recorded;
  }

  static List<TaskTemplate> templates(List<RecordedTemplate> recorded) {
    List<TaskTemplate> templates = new ArrayList<>(recorded.size());
    for (RecordedTemplate template : recorded) {
      templates.add(template.template());
    }
    return templates;
  }
}
