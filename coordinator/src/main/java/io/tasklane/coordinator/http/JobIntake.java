package io.tasklane.coordinator.http;

import io.tasklane.coordinator.CoordinatorSettings;
import io.tasklane.protocol.Lane;
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
 * validate (file, line, field), check the task types against what the workers offer, and
 * resolve each template's lane from its handler.
 */
final class JobIntake {

  /** Either a job to submit ({@code jobId}, {@code spec}) or a {@code rejection}. */
  record Decision(String jobId, JobSpec spec, HttpResponse rejection) {}

  private final JobFileParser.Limits limits;

  JobIntake(CoordinatorSettings settings) {
    this.limits = new JobFileParser.Limits(settings.maxTasks(), settings.maxInputBytes());
  }

  Decision decide(Submission submission, Map<String, Lane> handlers, Supplier<String> newJobId) {
    String file = submission.file();
    JobSpec spec;
    try {
      spec = JobFileParser.parse(file, submission.text(), limits, submission.attachments()::get);
    } catch (JobSpecException e) {
      return new Decision(null, null, Json.invalid(e.problems()));
    }
    if (handlers.isEmpty()) {
      return new Decision(null, null, Json.error(StatusCodes.SERVICE_UNAVAILABLE,
          "no worker has joined the cluster yet, so no task type is known; retry when "
              + "`tasklane cluster` lists workers"));
    }
    List<JobSpecException.Problem> problems =
        JobFileParser.checkTypes(spec, file, new TreeSet<>(handlers.keySet()));
    if (!problems.isEmpty()) {
      return new Decision(null, null, Json.invalid(problems));
    }
    List<TaskTemplate> resolved = new ArrayList<>(spec.tasks().size());
    for (TaskTemplate template : spec.tasks()) {
      resolved.add(template.lane() != null ? template : template.withLane(handlers.get(template.type())));
    }
    String jobId = spec.id() != null ? spec.id() : newJobId.get();
    return new Decision(jobId, spec.withTasks(resolved), null);
  }
}
