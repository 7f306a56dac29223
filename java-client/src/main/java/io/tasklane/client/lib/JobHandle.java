package io.tasklane.client.lib;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * A submitted job, or one re-attached to by id ({@link TasklaneClient#job}): its status, its
 * results as they end, its end, cancel, and for an open job appends and close. Holds nothing
 * but the id and the client: any number of handles, in any number of processes, may follow one
 * job.
 */
public final class JobHandle {

  private static final String SUBMISSION_TYPE = "application/vnd.tasklane.submission+json";

  private final TasklaneClient client;
  private final String id;
  private final boolean created;
  private final long tasks;

  JobHandle(TasklaneClient client, String id, boolean created, long tasks) {
    this.client = client;
    this.id = id;
    this.created = created;
    this.tasks = tasks;
  }

  public String id() {
    return id;
  }

  /**
   * True when this submit made the job; false when a job with this id or idempotency key was
   * there already (submitted before, or by a retry whose first answer was lost), or for a handle
   * re-attached by id.
   */
  public boolean created() {
    return created;
  }

  /** The tasks the job had when it was submitted; -1 for a handle re-attached by id. */
  public long submittedTasks() {
    return tasks;
  }

  /** The job's state and counts now. */
  public JobStatus status() {
    return JobStatus.of(statusJson());
  }

  /**
   * The job's status as the coordinator sent it (docs/api.md, {@code GET /api/jobs/{id}}), for a
   * caller that passes it on as it is (a command printing it, a service relaying it): every
   * field, also those {@link JobStatus} does not read.
   */
  public JsonNode statusJson() {
    return client.transport().call("GET", Transport.jobPath(id), id).body();
  }

  /**
   * Every result, in the order the tasks end, as they end, until the job has ended: outputs as
   * {@link JsonNode}. See {@link #results(Class)}.
   */
  public Stream<TaskResult<JsonNode>> results() {
    return results(JsonNode.class);
  }

  /**
   * Every result, in the order the tasks end, as they end, until the job has ended, with
   * outputs mapped to {@code outputType} by the client's output mapper. Lazy and backpressured:
   * a result is read from the connection when the stream asks for it, and none is kept, so a
   * job of millions streams through a small heap. A dropped connection is resumed where it left
   * off. Close the stream (try-with-resources) when you stop before its end.
   *
   * @throws OutputMappingException (from the stream) for an output that does not fit
   */
  public <T> Stream<TaskResult<T>> results(Class<T> outputType) {
    return results(ResultQuery.asTasksEnd(), outputType);
  }

  /** The results {@code query} asks for, outputs mapped as by {@link #results(Class)}. */
  public <T> Stream<TaskResult<T>> results(ResultQuery query, Class<T> outputType) {
    return resultLines(query).map(line -> TaskResult.parse(Json.parse(line), client.outputMapper(), outputType));
  }

  /**
   * Every result line as the coordinator sent it (one JSON object as text), as the tasks end,
   * until the job has ended: for a caller that stores or relays results without reading them.
   * Lazy, backpressured and resumed as {@link #results(Class)}; close it when you stop early.
   */
  public Stream<String> resultLines() {
    return resultLines(ResultQuery.asTasksEnd());
  }

  /** The result lines {@code query} asks for, as the coordinator sent them. See {@link ResultQuery}. */
  public Stream<String> resultLines(ResultQuery query) {
    ResultFollower follower = client.follower(id, query);
    Spliterator<String> lines = Spliterators.spliteratorUnknownSize(follower,
        Spliterator.ORDERED | Spliterator.NONNULL);
    return StreamSupport.stream(lines, false).onClose(follower::close);
  }

  /**
   * The job's events as they come, on one connection ({@code GET /api/jobs/{id}/events}): a
   * {@link JobEvent#STATUS} whenever the job's status changed, the first at once, then
   * {@link JobEvent#END}, after which the stream ends. A lost connection is an
   * {@link UnreachableException} from the stream; open another to go on (its first event is the
   * status then). Close it (try-with-resources) to stop listening.
   *
   * @throws NotFoundException the coordinator has no such job
   */
  public Stream<JobEvent> events() {
    EventReader reader = new EventReader(
        client.transport().stream(Transport.jobPath(id) + "/events", "text/event-stream", id),
        "event stream of job " + id + " from " + client.transport().server());
    Spliterator<JobEvent> events = Spliterators.spliteratorUnknownSize(reader,
        Spliterator.ORDERED | Spliterator.NONNULL);
    return StreamSupport.stream(events, false).onClose(reader::close);
  }

  /** {@link #results()} as a {@link Flow.Publisher}. */
  public Flow.Publisher<TaskResult<JsonNode>> publisher() {
    return publisher(JsonNode.class);
  }

  /**
   * The results as a {@link Flow.Publisher}: each subscriber follows the job from its first
   * result to its end, reading only as far as it has requested; {@code cancel} closes the
   * connection. Delivered on a thread of the client's executor.
   */
  public <T> Flow.Publisher<TaskResult<T>> publisher(Class<T> outputType) {
    return new ResultPublisher<>(() -> client.follower(id, ResultQuery.asTasksEnd()),
        line -> TaskResult.parse(Json.parse(line), client.outputMapper(), outputType), client.executor());
  }

  /**
   * Completes with the job's final status once it has ended (at once if it has), without a
   * thread waiting meanwhile; fails with a {@link TasklaneException} if the job cannot be
   * followed (no such job, the coordinator gone for longer than the client's patience).
   */
  public CompletableFuture<JobStatus> whenEnded() {
    return EndWatcher.watch(client.transport(), id, client.followPatience());
  }

  /**
   * Cancels the job: queued tasks are dropped, running ones stopped. Returns its status after
   * (unchanged if it had already ended). Cancelling an open job closes it.
   */
  public JobStatus cancel() {
    return JobStatus.of(cancelJson());
  }

  /**
   * {@link #cancel()}, answered with the coordinator's JSON as sent: the status after, with a
   * {@code "message"} when the job had already ended.
   */
  public JsonNode cancelJson() {
    return client.transport().call("DELETE", Transport.jobPath(id), id).body();
  }

  /** Appends tasks to this open job under a new idempotency key (so a retry cannot append them twice). */
  public Appended append(Task... more) {
    return append(UUID.randomUUID().toString(), Arrays.asList(more));
  }

  /**
   * Appends {@code more} to this open job. Sent again under the same {@code idempotencyKey}
   * (after a crash, say), the append is not taken twice: the answer is the first one's, with
   * {@link Appended#repeated()}. Appended tasks are named by their position: leave out ids.
   *
   * @throws ConflictException the job takes no more tasks (closed, ended, not open), or the
   *     key was used for other tasks
   * @throws InvalidJobException the tasks are invalid
   */
  public Appended append(String idempotencyKey, List<Task> more) {
    Job tasksOnly = Job.ofTasks(more);
    JsonNode answer = client.transport().call("POST", Transport.jobPath(id) + "/tasks", SUBMISSION_TYPE,
        tasksOnly.envelope(), Map.of(TasklaneClient.IDEMPOTENCY_KEY, idempotencyKey), tasksOnly.fileName(), id).body();
    return new Appended(id, answer.path("first").asLong(), answer.path("tasks").asLong(),
        answer.path("repeated").asBoolean(false));
  }

  /**
   * Closes this open job: it takes no more tasks and ends once those it has have ended.
   * Changes nothing for a job that is not open. Returns its status after.
   */
  public JobStatus closeJob() {
    return JobStatus.of(client.transport().call("POST", Transport.jobPath(id) + "/close", id).body());
  }

  @Override
  public String toString() {
    return "JobHandle[" + id + " at " + client.transport().server() + "]";
  }
}
