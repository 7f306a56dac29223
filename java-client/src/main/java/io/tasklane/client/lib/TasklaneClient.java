package io.tasklane.client.lib;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.Executor;

/**
 * A connection to a Tasklane cluster's HTTP API (docs/api.md): submits jobs and re-attaches to
 * them by id. Thread-safe; make one and share it.
 *
 * <pre>{@code
 * TasklaneClient tasklane = TasklaneClient.discover();        // env, else ./.tasklane
 * JobHandle job = tasklane.submit(Job.builder()
 *     .task(Task.of("sha256", Map.of("iterations", 100_000)).repeat(10)).build());
 * try (Stream<TaskResult<Digest>> results = job.results(Digest.class)) {
 *   results.forEach(result -> System.out.println(result.id() + " " + result.output()));
 * }
 * }</pre>
 */
public final class TasklaneClient {

  /** The header that makes a submit or an append safe to send again. */
  public static final String IDEMPOTENCY_KEY = "Idempotency-Key";
  /** How long a TCP connection to the coordinator may take. */
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
  /** How long one call that is not a stream may take. */
  public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(60);
  /** How long a follow (results, the end) keeps trying to resume before it gives up. */
  public static final Duration DEFAULT_FOLLOW_PATIENCE = Duration.ofMinutes(2);
  /** A follow's connection silent this long is taken as lost (the coordinator sends a blank line every 15 s). */
  public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(60);

  private static final String SUBMISSION_TYPE = "application/vnd.tasklane.submission+json";

  private final Transport transport;
  private final ObjectMapper outputMapper;
  private final Executor executor;
  private final Duration followPatience;
  private final Duration idleTimeout;

  private TasklaneClient(Builder builder) {
    HttpClient http = HttpClient.newBuilder().connectTimeout(builder.connectTimeout).build();
    this.transport = new Transport(builder.server, builder.token, http, builder.retry, builder.requestTimeout);
    this.outputMapper = builder.outputMapper;
    this.executor = builder.executor;
    this.followPatience = builder.followPatience;
    this.idleTimeout = builder.idleTimeout;
  }

  /** The coordinator at {@code server} (e.g. {@code http://10.0.0.1:8080}) with its API token. */
  public static TasklaneClient connect(String server, String token) {
    return builder().server(server).token(token).build();
  }

  /**
   * {@code TASKLANE_SERVER} and {@code TASKLANE_TOKEN}, each else the local cluster's in
   * {@code TASKLANE_STATE_DIR} (default {@code .tasklane} in the working directory): where the
   * {@code tasklane} command would connect.
   */
  public static TasklaneClient discover() {
    return builder().discover().build();
  }

  /** The local cluster {@code tasklane local up} started in {@code workingDirectory} (its {@code .tasklane/}). */
  public static TasklaneClient fromLocalCluster(Path workingDirectory) {
    return builder().localCluster(workingDirectory.resolve(".tasklane")).build();
  }

  /** {@code TASKLANE_SERVER} and {@code TASKLANE_TOKEN}; both must be set. */
  public static TasklaneClient fromEnvironment() {
    return builder().environment(System.getenv()).build();
  }

  public static Builder builder() {
    return new Builder();
  }

  public URI server() {
    return transport.server();
  }

  /** Submits {@code job} under a new idempotency key: a retry after a lost answer cannot make a second job. */
  public JobHandle submit(Job job) {
    return submit(job, UUID.randomUUID().toString());
  }

  /**
   * Submits {@code job} under {@code idempotencyKey}: the same key with the same job is the same
   * job, however often it is sent (from this process or a restarted one); the job's id is then
   * derived from the key. The job's own {@code id}, if it has one, wins over the key.
   *
   * @throws InvalidJobException the coordinator refused the job, naming every problem
   * @throws ConflictException the key or id was used for another job
   */
  public JobHandle submit(Job job, String idempotencyKey) {
    Objects.requireNonNull(idempotencyKey, "idempotencyKey");
    Transport.Answer answer = transport.call("POST", "/api/jobs", SUBMISSION_TYPE, job.envelope(),
        Map.of(IDEMPOTENCY_KEY, idempotencyKey), job.fileName(), null);
    JsonNode body = answer.body();
    String id = body.path("id").asText("");
    if (id.isEmpty()) {
      throw new TasklaneException("the coordinator accepted the job but sent no id: " + body, answer.status(), null);
    }
    return new JobHandle(this, id, body.path("created").asBoolean(answer.status() == 202), body.path("tasks").asLong(-1));
  }

  /** Reads {@code jobFile} (and its foreach files) and submits it: {@code submit(Job.fromFile(jobFile))}. */
  public JobHandle submit(Path jobFile) {
    return submit(Job.fromFile(jobFile));
  }

  /**
   * A handle on job {@code id}, submitted by this process or another (after a restart, say).
   *
   * @throws NotFoundException the coordinator has no such job
   */
  public JobHandle job(String id) {
    JobHandle handle = new JobHandle(this, id, false, -1);
    handle.status();
    return handle;
  }

  Transport transport() {
    return transport;
  }

  ObjectMapper outputMapper() {
    return outputMapper;
  }

  Executor executor() {
    return executor;
  }

  Duration followPatience() {
    return followPatience;
  }

  ResultFollower follower(String jobId) {
    return new ResultFollower(transport, jobId, followPatience, idleTimeout);
  }

  /** A client's settings; {@link #server} and {@link #token} are required. */
  public static final class Builder {

    private URI server;
    private String token;
    private RetryPolicy retry = RetryPolicy.DEFAULT;
    private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
    private Duration requestTimeout = DEFAULT_REQUEST_TIMEOUT;
    private Duration followPatience = DEFAULT_FOLLOW_PATIENCE;
    private Duration idleTimeout = DEFAULT_IDLE_TIMEOUT;
    private ObjectMapper outputMapper = Json.MAPPER;
    private Executor executor = ClientSettings::daemonThread;

    private Builder() {
    }

    public Builder server(String url) {
      this.server = ClientSettings.serverUri(url);
      return this;
    }

    public Builder token(String apiToken) {
      this.token = ClientSettings.token(apiToken);
      return this;
    }

    /** {@code TASKLANE_SERVER}/{@code TASKLANE_TOKEN} from {@code env} where set. */
    Builder environment(Map<String, String> env) {
      ClientSettings.fromEnvironment(env, this);
      return this;
    }

    /** Server and token from a local cluster's state folder (its {@code cluster.json} and {@code token}). */
    public Builder localCluster(Path stateDir) {
      ClientSettings.fromStateDir(stateDir, this, true);
      return this;
    }

    /** As the {@code tasklane} command: the environment first, then the local cluster's state folder. */
    public Builder discover() {
      ClientSettings.discover(System.getenv(), this);
      return this;
    }

    boolean hasServer() {
      return server != null;
    }

    boolean hasToken() {
      return token != null;
    }

    public Builder retry(RetryPolicy policy) {
      this.retry = Objects.requireNonNull(policy, "retry");
      return this;
    }

    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = Task.positive(timeout, "connectTimeout");
      return this;
    }

    public Builder requestTimeout(Duration timeout) {
      this.requestTimeout = Task.positive(timeout, "requestTimeout");
      return this;
    }

    /** How long a follow keeps trying to resume a lost connection before it fails. */
    public Builder followPatience(Duration patience) {
      this.followPatience = Task.positive(patience, "followPatience");
      return this;
    }

    /** How long a follow's connection may stay silent before it is taken as lost. */
    public Builder idleTimeout(Duration timeout) {
      this.idleTimeout = Task.positive(timeout, "idleTimeout");
      return this;
    }

    /** The mapper that turns outputs into the caller's types (modules, naming); default a plain one. */
    public Builder outputMapper(ObjectMapper mapper) {
      this.outputMapper = Objects.requireNonNull(mapper, "outputMapper");
      return this;
    }

    /** Where publishers deliver results; default a new daemon thread per subscriber. */
    public Builder executor(Executor publisherExecutor) {
      this.executor = Objects.requireNonNull(publisherExecutor, "executor");
      return this;
    }

    public TasklaneClient build() {
      if (server == null || token == null) {
        throw new IllegalStateException("no " + (server == null ? "server" : "token") + ": "
            + ClientSettings.HOW_TO_CONNECT);
      }
      return new TasklaneClient(this);
    }
  }
}
