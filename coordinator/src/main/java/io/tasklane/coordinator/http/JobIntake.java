package io.tasklane.coordinator.http;

import io.tasklane.coordinator.settings.CoordinatorSettings;
import io.tasklane.protocol.Lane;
import io.tasklane.protocol.dispatch.BrokerProtocol.Catalog;
import io.tasklane.protocol.job.JobFileParser;
import io.tasklane.protocol.job.JobSpec;
import io.tasklane.protocol.job.JobSpecException;
import io.tasklane.protocol.job.TaskTemplate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;

/**
 * Turns a posted job spec into a job to submit, or into the 4xx that says why not: parse and
 * validate (file, line, field), check the task types against what the workers offer, resolve
 * each template's lane from its handler, and check each input against its type's schema
 * ({@link InputChecks}).
 */
final class JobIntake {

  /** Either a job to submit ({@code jobId}, {@code spec}) or a {@code rejection}. */
  record Decision(String jobId, JobSpec spec, HttpResponse rejection) {}

  private final JobFileParser.Limits limits;
  private final InputChecks inputs;

  JobIntake(CoordinatorSettings settings) {
    this(settings.maxTasks(), settings.maxInputBytes(), new SchemaCache());
  }

  JobIntake(long maxTasks, int maxInputBytes, SchemaCache schemas) {
    this.limits = new JobFileParser.Limits(maxTasks, maxInputBytes);
    this.inputs = new InputChecks(schemas);
  }

  Decision decide(Submission submission, Catalog catalog, Supplier<String> newJobId) {
    Decision checked = check(submission, catalog, false);
    if (checked.rejection() != null) {
      return checked;
    }
    JobSpec spec = checked.spec();
    return new Decision(spec.id() != null ? spec.id() : newJobId.get(), spec, null);
  }

  /**
   * Tasks to append to an open job: a job file with only {@code tasks} (and {@code defaults}).
   * The job id of the answer is null; the spec holds the tasks, lanes resolved.
   */
  Decision decideAppend(Submission submission, Catalog catalog) {
    return check(submission, catalog, true);
  }

  private Decision check(Submission submission, Catalog catalog, boolean append) {
    Map<String, Lane> handlers = catalog.handlers();
    String file = submission.file();
    JobSpec spec;
    try {
      spec = JobFileParser.parse(file, submission.text(), limits, submission.attachments()::get);
    } catch (JobSpecException e) {
      return new Decision(null, null, Json.invalid(e.problems()));
    }
    if (append) {
      List<JobSpecException.Problem> problems = appendProblems(file, spec);
      if (!problems.isEmpty()) {
        return new Decision(null, null, Json.invalid(problems));
      }
    }
    if (handlers.isEmpty()) {
      return new Decision(null, null, Json.error(StatusCodes.SERVICE_UNAVAILABLE,
          "no worker has joined the cluster yet, so no task type is known; retry when "
              + "`tasklane cluster` lists workers"));
    }
    List<JobSpecException.Problem> problems = ExecHint.added(
        JobFileParser.checkTypes(spec, file, new TreeSet<>(handlers.keySet())));
    if (!problems.isEmpty()) {
      return new Decision(null, null, Json.invalid(problems));
    }
    List<TaskTemplate> resolved = new ArrayList<>(spec.tasks().size());
    for (TaskTemplate template : spec.tasks()) {
      resolved.add(resolve(template, catalog));
    }
    JobSpec checked = spec.withTasks(resolved);
    problems = inputs.check(checked, file, catalog);
    if (!problems.isEmpty()) {
      return new Decision(null, null, Json.invalid(problems));
    }
    return new Decision(null, checked, null);
  }

  /**
   * The template's lane: the task's own; or for an auto task or type ({@code lane: auto}) the
   * workers' choice at dispatch, its tasks counted meanwhile in the type's lane now; else its
   * handler's.
   */
  private static TaskTemplate resolve(TaskTemplate template, Catalog catalog) {
    Lane now = catalog.handlers().get(template.type());
    if (template.auto() || (template.lane() == null && catalog.auto().contains(template.type()))) {
      return template.asAuto(now);
    }
    return template.lane() != null ? template : template.withLane(now);
  }

  /**
   * Appended tasks belong to a job that exists: no job fields, and no task ids (appended tasks
   * are named by their position in the job, which only the job knows).
   */
  private static List<JobSpecException.Problem> appendProblems(String file, JobSpec spec) {
    List<JobSpecException.Problem> problems = new ArrayList<>();
    if (spec.id() != null || spec.name() != null || spec.open()) {
      String field = spec.id() != null ? "id" : spec.name() != null ? "name" : "open";
      problems.add(new JobSpecException.Problem(file, 1, field,
          "'" + field + "' is a field of a job, not of tasks appended to one: send only 'tasks' (and 'defaults')"));
    }
    for (int t = 0; t < spec.tasks().size(); t++) {
      TaskTemplate template = spec.tasks().get(t);
      if (template.id() != null) {
        problems.add(new JobSpecException.Problem(file, template.line(), "tasks[" + t + "].id",
            "tasks appended to a job are named by their position in it; leave out 'id'"));
      }
    }
    return problems;
  }
}
