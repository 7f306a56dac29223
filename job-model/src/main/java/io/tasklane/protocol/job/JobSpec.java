package io.tasklane.protocol.job;

import com.fasterxml.jackson.annotation.JsonCreator;
import io.tasklane.protocol.CborSerializable;
import java.util.List;

/**
 * A parsed, validated job: its templates, each standing for one task or, with {@code repeat},
 * for many. Tasks are materialized lazily ({@link TaskTemplate#materialize}); a job of a
 * million tasks is a handful of templates.
 *
 * @param id optional user-chosen job id (also the idempotency key), may be null
 * @param name optional display name, may be null
 * @param open the job takes more tasks after its submission (appended) until it is closed; it
 *     ends only once closed and every task has ended
 */
public record JobSpec(String id, String name, List<TaskTemplate> tasks, boolean open) implements CborSerializable {

  @JsonCreator
  public JobSpec {
    tasks = List.copyOf(tasks);
  }

  /** A job that ends when its tasks have ended (not open). */
  public JobSpec(String id, String name, List<TaskTemplate> tasks) {
    this(id, name, tasks, false);
  }

  /** The number of tasks this job expands to. */
  public long taskCount() {
    long count = 0;
    for (TaskTemplate template : tasks) {
      count += template.count();
    }
    return count;
  }

  /** The same job with each template replaced (used to resolve lanes at intake). */
  public JobSpec withTasks(List<TaskTemplate> replaced) {
    return new JobSpec(id, name, replaced, open);
  }
}
