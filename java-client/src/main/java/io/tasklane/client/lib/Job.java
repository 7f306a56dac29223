package io.tasklane.client.lib;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A job as it is submitted: the text of a job file (docs/job-files.md), the name problems are
 * reported under, and the files its {@code foreach} entries read. Built in Java with
 * {@link #builder()}, or read from a file with {@link #fromFile}; either way the coordinator
 * parses and checks it, exactly as it does the files {@code tasklane submit} sends.
 *
 * <pre>{@code
 * Job job = Job.builder().name("nightly")
 *     .defaults(Duration.ofSeconds(30), 2)
 *     .task(Task.of("sleep", Map.of("ms", 200)).id("nap"))
 *     .task(Task.of("sha256", Map.of("iterations", 100_000)).repeat(8))
 *     .build();
 * }</pre>
 */
public final class Job {

  /** The name a built job is submitted under: problems name it, and {@code .json} says how to read it. */
  public static final String BUILT_NAME = "job.json";

  private final String fileName;
  private final String text;
  private final Map<String, String> attachments;

  private Job(String fileName, String text, Map<String, String> attachments) {
    this.fileName = fileName;
    this.text = text;
    this.attachments = Map.copyOf(attachments);
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * A job file (YAML or JSON) and the files its {@code foreach: {file: …}} entries name, read
   * relative to its folder. A foreach file that is missing is left out; the coordinator then
   * names it, with its line.
   *
   * @throws UncheckedIOException when the file cannot be read
   */
  public static Job fromFile(Path file) {
    try {
      JobFiles.Read read = JobFiles.read(file);
      return new Job(file.toString(), read.text(), read.attachments());
    } catch (IOException unreadable) {
      throw new UncheckedIOException("cannot read job file " + file + ": " + unreadable.getMessage(), unreadable);
    }
  }

  /**
   * A job file's text; {@code fileName} names it in problems and, by ending in {@code .json},
   * {@code .yaml} or {@code .yml}, says how to read it.
   */
  public static Job fromText(String fileName, String text, Map<String, String> attachments) {
    return new Job(Objects.requireNonNull(fileName, "fileName"), Objects.requireNonNull(text, "text"), attachments);
  }

  public String fileName() {
    return fileName;
  }

  /** The job file's text: JSON for a built job. */
  public String text() {
    return text;
  }

  /** Foreach file name -> its content. */
  public Map<String, String> attachments() {
    return attachments;
  }

  /** The submission envelope of docs/api.md: {@code {"file", "text", "attachments"}}. */
  String envelope() {
    ObjectNode envelope = Json.MAPPER.createObjectNode().put("file", fileName).put("text", text);
    ObjectNode files = envelope.putObject("attachments");
    attachments.forEach(files::put);
    return envelope.toString();
  }

  /** Builds a job's file; {@link #build} checks only that there is something to run or that it is open. */
  public static final class Builder {

    private String id;
    private String name;
    private boolean open;
    private Duration defaultTimeout;
    private Integer defaultRetries;
    private final List<Task> tasks = new ArrayList<>();

    private Builder() {
    }

    /** The job's id (1 to 64 letters, digits, '.', '_', '-'): a resubmit under it is the same job. */
    public Builder id(String jobId) {
      this.id = Objects.requireNonNull(jobId, "id");
      return this;
    }

    public Builder name(String jobName) {
      this.name = Objects.requireNonNull(jobName, "name");
      return this;
    }

    /** An open job takes more tasks ({@link JobHandle#append}) until it is closed. */
    public Builder open() {
      this.open = true;
      return this;
    }

    /** Applied to every task that sets neither: the timeout of one attempt and the retries after the first. */
    public Builder defaults(Duration timeout, int retries) {
      this.defaultTimeout = Task.positive(timeout, "defaults.timeout");
      this.defaultRetries = Task.atLeast(retries, 0, "defaults.retries");
      return this;
    }

    public Builder defaultTimeout(Duration timeout) {
      this.defaultTimeout = Task.positive(timeout, "defaults.timeout");
      return this;
    }

    public Builder defaultRetries(int retries) {
      this.defaultRetries = Task.atLeast(retries, 0, "defaults.retries");
      return this;
    }

    public Builder task(Task task) {
      tasks.add(Objects.requireNonNull(task, "task"));
      return this;
    }

    /** {@code type} with {@code input}: {@code task(Task.of(type, input))}. */
    public Builder task(String type, Object input) {
      return task(Task.of(type, input));
    }

    public Builder tasks(Collection<Task> more) {
      more.forEach(this::task);
      return this;
    }

    public Job build() {
      if (tasks.isEmpty() && !open) {
        throw new IllegalStateException("a job needs at least one task, unless it is open");
      }
      ObjectNode job = Json.MAPPER.createObjectNode();
      if (id != null) {
        job.put("id", id);
      }
      if (name != null) {
        job.put("name", name);
      }
      if (open) {
        job.put("open", true);
      }
      if (defaultTimeout != null || defaultRetries != null) {
        ObjectNode defaults = job.putObject("defaults");
        if (defaultTimeout != null) {
          defaults.put("timeout", defaultTimeout.toMillis() + "ms");
        }
        if (defaultRetries != null) {
          defaults.put("retries", defaultRetries);
        }
      }
      Map<String, String> attachments = new LinkedHashMap<>();
      job.set("tasks", tasksJson(tasks, attachments));
      return new Job(BUILT_NAME, job.toString(), attachments);
    }
  }

  /** The job file of an append: only {@code tasks}. */
  static Job ofTasks(List<Task> tasks) {
    if (tasks.isEmpty()) {
      throw new IllegalArgumentException("an append needs at least one task");
    }
    Map<String, String> attachments = new LinkedHashMap<>();
    ObjectNode body = Json.MAPPER.createObjectNode();
    body.set("tasks", tasksJson(tasks, attachments));
    return new Job("tasks.json", body.toString(), attachments);
  }

  private static ArrayNode tasksJson(List<Task> tasks, Map<String, String> attachments) {
    ArrayNode list = Json.MAPPER.createArrayNode();
    for (Task task : tasks) {
      list.add(task.toJson(attachments));
    }
    return list;
  }
}
