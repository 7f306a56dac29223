package io.tasklane.client.lib;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.Executor;
import javax.net.ssl.SSLContext;

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
    HttpClient.Builder http = HttpClient.newBuilder().connectTimeout(builder.connectTimeout);
    if (builder.ssl != null) {
      http.sslContext(builder.ssl);
    }
    this.transport = new Transport(builder.server, builder.token, http.build(), builder.retry, builder.requestTimeout);
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
   * {@code TASKLANE_SERVER} and {@code TASKLANE_TOKEN} (and {@code TASKLANE_CA_FILE}), each else the local cluster's in
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

  /** {@code TASKLANE_SERVER} and {@code TASKLANE_TOKEN}, both set, and {@code TASKLANE_CA_FILE} if set. */
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
    return post(job, Map.of(IDEMPOTENCY_KEY, Objects.requireNonNull(idempotencyKey, "idempotencyKey")), true);
  }

  /**
   * Submits {@code job} without an idempotency key: the coordinator names it with a fresh,
   * time-ordered {@code j-…} id (or the job's own {@code id}). Sent once, never retried: were
   * its answer lost, a second attempt could make a second job. Prefer {@link #submit(Job)}
   * unless the id's form matters.
   */
  public JobHandle submitWithoutKey(Job job) {
    return post(job, Map.of(), false);
  }

  private JobHandle post(Job job, Map<String, String> headers, boolean retried) {
    Transport.Answer answer = transport.call("POST", "/api/jobs", SUBMISSION_TYPE,
        HttpRequest.BodyPublishers.ofString(job.envelope(), StandardCharsets.UTF_8), headers, job.fileName(), null,
        retried);
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
    JobHandle handle = attach(id);
    handle.status();
    return handle;
  }

  /**
   * A handle on job {@code id} without asking the coordinator first: for a caller that makes a
   * call on it at once anyway, where a job that does not exist is then a {@link NotFoundException}.
   */
  public JobHandle attach(String id) {
    return new JobHandle(this, Objects.requireNonNull(id, "id"), false, -1);
  }

  /**
   * The jobs the coordinator knows, newest first, as it lists them ({@code GET /api/jobs}):
   * {@code {"jobs": [{"id", "name", "state", "total", "submittedAt", "endedAt", …}]}}.
   *
   * @param state only jobs in this state; null for all
   * @param limit at most this many; 0 for the coordinator's default
   */
  public JsonNode jobs(JobState state, int limit) {
    if (limit < 0) {
      throw new IllegalArgumentException("limit must not be negative, not " + limit);
    }
    return transport.call("GET", "/api/jobs" + Transport.query("state", state == null ? null : state.wireName(),
        "limit", limit > 0 ? Integer.toString(limit) : null), null).body();
  }

  /**
   * The cluster as the coordinator sees it ({@code GET /api/cluster}): {@code nodes} (address,
   * roles, status), every worker lane's {@code capacity}, {@code busy} and {@code credit}, and the
   * tasks {@code queued} per lane.
   */
  public JsonNode cluster() {
    return transport.call("GET", "/api/cluster", null).body();
  }

  /**
   * The task types the workers offer ({@code GET /api/types}): {@code {"types": [{"name",
   * "lane", "declared", "source", "workers", "input", "description"}]}}, each input as JSON Schema.
   */
  public JsonNode types() {
    return transport.call("GET", "/api/types", null).body();
  }

  /** The plugins the coordinator keeps and delivers to the workers: list, add, remove. */
  public Plugins plugins() {
    return new Plugins(transport);
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

  ResultFollower follower(String jobId, ResultQuery query) {
    return new ResultFollower(transport, jobId, query, followPatience, idleTimeout);
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
    private SSLContext ssl;

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

    /**
     * Trusts the certificates in {@code pemFile} (a private CA's, or a server's self-signed one)
     * for an {@code https://} server, instead of the JDK's default authorities.
     *
     * @throws IllegalArgumentException naming the file when it is missing or holds no certificate
     */
    public Builder caFile(Path pemFile) {
      this.ssl = TrustedCa.context(Objects.requireNonNull(pemFile, "caFile"));
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
