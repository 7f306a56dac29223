package io.tasklane.coordinator.http;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tasklane.protocol.job.JobFileFuzz;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Generates API requests from a seed: job files ({@link JobFileFuzz}) posted raw or in the
 * submission envelope, appended to a job, closes, logins, plugin uploads of random bytes, and
 * query strings of strange values. The same seed gives the same request.
 */
final class ApiFuzz {

  /** One request: a method, a path with its query (already encoded), headers and a body. */
  record Request(long seed, String kind, String method, String path, Map<String, String> headers, byte[] body,
      List<String> params) {

    @Override
    public String toString() {
      String text = new String(body, StandardCharsets.UTF_8);
      String shown = text.length() > 400 ? text.substring(0, 400) + "… (" + body.length + " bytes)" : text;
      return "seed " + seed + " " + kind + ": " + method + " " + path + " " + headers + "\n" + shown;
    }
  }

  private static final String[] STRANGE = {"", " ", "0", "-1", "1", "true", "false", "yes", "TRUE", "null",
      "2147483647", "2147483648", "-2147483649", "9223372036854775807", "99999999999999999999999", "1e3", "0x10",
      "+5", "1.5", "NaN", "running", "succeeded", "RUNNING", "é", "日本", "🚀", "%", "%00", "\u0000", "a b", "'",
      "\"", "<script>", "../..", "${i}", "\n", "\t"};
  private static final String[] JOB_IDS = {"j-nope", "no-such-job", "a", "..", ".", "%2F", "x".repeat(65),
      "x".repeat(3000), "é", "🚀", "a b", "job:1", "-", "_", "j-", "null", "%00", "%E0%A4%A"};
  private static final String[] FILE_NAMES = {"job.yaml", "job.json", "x", "../../etc/passwd", "a b.yml",
      "", "NUL", "x".repeat(300), "job.YAML", "urls.txt"};

  private final Random random;
  private final long seed;
  private final String openJob;
  private final String endedJob;

  private ApiFuzz(long seed, String openJob, String endedJob) {
    this.random = new Random(seed);
    this.seed = seed;
    this.openJob = openJob;
    this.endedJob = endedJob;
  }

  /** The request of {@code seed}; {@code openJob} takes appends, {@code endedJob} has ended. */
  static Request generate(long seed, String openJob, String endedJob) {
    return new ApiFuzz(seed, openJob, endedJob).request();
  }

  private Request request() {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Authorization", "Bearer " + InProcessCoordinator.TOKEN);
    return switch (random.nextInt(10)) {
      case 0, 1 -> {
        JobFileFuzz.Doc doc = JobFileFuzz.generate(random.nextLong());
        headers.put("Content-Type", pick("application/json", "application/yaml", "text/plain", "application/octet-stream"));
        if (random.nextBoolean()) {
          headers.put("X-Tasklane-File", pick(FILE_NAMES).replace("\n", ""));
        }
        if (random.nextInt(4) == 0) {
          headers.put("Idempotency-Key", pick(STRANGE).strip().isEmpty() ? "k" : "key-" + random.nextInt(5));
        }
        yield new Request(seed, "submit " + doc.steps(), "POST", "/api/jobs" + maybeWait(), headers,
            utf8(doc.text()), List.of());
      }
      case 2 -> {
        headers.put("Content-Type", Submission.ENVELOPE_MEDIA_TYPE);
        yield new Request(seed, "envelope", "POST", "/api/jobs" + maybeWait(), headers, envelope(), List.of());
      }
      case 3 -> {
        JobFileFuzz.Doc doc = JobFileFuzz.generate(random.nextLong());
        headers.put("Content-Type", pick("application/json", "application/yaml", Submission.ENVELOPE_MEDIA_TYPE));
        if (random.nextInt(3) == 0) {
          headers.put("Idempotency-Key", "append-" + random.nextInt(3));
        }
        String id = random.nextInt(3) == 0 ? jobId() : openJob;
        yield new Request(seed, "append " + doc.steps(), "POST", "/api/jobs/" + id + "/tasks" + maybeWait(), headers,
            utf8(doc.text()), List.of());
      }
      case 4 -> new Request(seed, "close", "POST", "/api/jobs/" + jobId() + "/close", headers,
          randomBody(), List.of());
      case 5 -> {
        headers.remove("Authorization");
        headers.put("Content-Type", "application/json");
        yield new Request(seed, "login", "POST", "/api/session", headers, login(), List.of());
      }
      case 6 -> {
        headers.put("Content-Type", "application/java-archive");
        String file = random.nextInt(5) == 0 ? "" : "?file=" + encode(pick(FILE_NAMES));
        byte[] body = randomBytes(random.nextInt(4000));
        if (random.nextBoolean() && body.length >= 4) {
          body[0] = 'P';
          body[1] = 'K';
          body[2] = 3;
          body[3] = 4;
        }
        yield new Request(seed, "plugin", "POST", "/api/plugins" + file, headers, body, List.of());
      }
      case 7 -> query("GET", "/api/jobs", "jobs", "state", "limit", "offset");
      case 8 -> query("GET", "/api/jobs/" + pick(endedJob, jobId()) + "/results", "results",
          "failed", "limit", "from", "follow", "after");
      default -> switch (random.nextInt(4)) {
        case 0 -> new Request(seed, "cancel", "DELETE", "/api/jobs/" + jobId(), headers, new byte[0], List.of());
        case 1 -> new Request(seed, "status", "GET", "/api/jobs/" + jobId(), headers, new byte[0], List.of());
        case 2 -> new Request(seed, "remove plugin", "DELETE", "/api/plugins/" + encode(pick(STRANGE) + "@" + pick(STRANGE)),
            headers, new byte[0], List.of());
        default -> query("GET", "/api/jobs/" + jobId() + "/events", "events", "after", "limit");
      };
    };
  }

  /** A request with one to all of {@code names} set to strange values (each named in {@code params}). */
  private Request query(String method, String path, String kind, String... names) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Authorization", "Bearer " + InProcessCoordinator.TOKEN);
    List<String> params = new ArrayList<>();
    StringBuilder query = new StringBuilder();
    for (String name : names) {
      if (random.nextInt(3) == 0) {
        continue;
      }
      params.add(name);
      query.append(query.isEmpty() ? "?" : "&").append(name).append('=').append(encode(pick(STRANGE)));
    }
    return new Request(seed, kind + " " + params, method, path + query, headers, new byte[0], params);
  }

  /** A strange wait, never a true one: the idle lane runs no task, so a wait for an accepted job never ends. */
  private String maybeWait() {
    String wait = pick(STRANGE);
    return random.nextInt(4) == 0 ? "?wait=" + encode(wait.equals("true") || wait.equals("1") ? "yes" : wait) : "";
  }

  private String jobId() {
    return random.nextBoolean() ? encode(pick(JOB_IDS)) : "j-" + Long.toString(random.nextLong() & Long.MAX_VALUE, 36);
  }

  private byte[] envelope() {
    if (random.nextInt(5) == 0) {
      return randomBody();
    }
    JsonNodeFactory nodes = JsonNodeFactory.instance;
    ObjectNode envelope = nodes.objectNode();
    JobFileFuzz.Doc doc = JobFileFuzz.generate(random.nextLong());
    switch (random.nextInt(4)) {
      case 0 -> envelope.put("text", random.nextInt(1000));
      case 1 -> envelope.putArray("text").add(doc.text());
      default -> envelope.put("text", doc.text());
    }
    switch (random.nextInt(4)) {
      case 0 -> envelope.put("file", random.nextInt());
      case 1 -> { }
      default -> envelope.put("file", pick(FILE_NAMES));
    }
    switch (random.nextInt(5)) {
      case 0 -> envelope.put("attachments", "urls.txt");
      case 1 -> envelope.putObject("attachments").put("urls.txt", 5);
      case 2 -> envelope.putObject("attachments").put("urls.txt", "http://a\n" + pick(STRANGE) + "\n");
      case 3 -> envelope.putNull("attachments");
      default -> { }
    }
    String text = envelope.toString();
    if (random.nextInt(4) == 0) {
      text = text.substring(0, random.nextInt(text.length() + 1));
    }
    return utf8(text);
  }

  private byte[] login() {
    return switch (random.nextInt(6)) {
      case 0 -> utf8("{\"token\": \"" + InProcessCoordinator.TOKEN + "\"}");
      case 1 -> utf8("{\"token\": " + pick("5", "null", "[]", "{}", "true", "\"\"", "\"x\"") + "}");
      case 2 -> utf8("[\"token\"]");
      case 3 -> utf8("{\"token\": \"" + pick(STRANGE).replace("\"", "") + "\", \"token\": 1}");
      default -> randomBody();
    };
  }

  private byte[] randomBody() {
    return random.nextBoolean() ? randomBytes(random.nextInt(300))
        : utf8(pick("{", "}", "[]", "null", "{\"a\":" + "[".repeat(5000), "\"" + "x".repeat(10_000), "---\n- a"));
  }

  private byte[] randomBytes(int length) {
    byte[] bytes = new byte[length];
    random.nextBytes(bytes);
    return bytes;
  }

  @SafeVarargs
  private <T> T pick(T... values) {
    return values[random.nextInt(values.length)];
  }

  /** Percent-encodes everything but unreserved characters (a '%' in a value stays as it is, raw: sometimes invalid). */
  static String encode(String value) {
    StringBuilder out = new StringBuilder();
    for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xFF;
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "-._~%".indexOf(c) >= 0) {
        out.append((char) c);
      } else {
        out.append('%').append(String.format("%02X", c));
      }
    }
    return out.toString();
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
