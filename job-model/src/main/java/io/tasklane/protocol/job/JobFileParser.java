package io.tasklane.protocol.job;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import io.tasklane.protocol.job.JobSpecException.Problem;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Reads a job file (YAML or JSON, the fields of docs/job-files.md) into a {@link JobSpec},
 * or refuses it with every problem found, each with its line and field. Repeats stay lazy: a
 * template with {@code repeat: 1000000} costs what one task costs. Plain Java, no actors.
 */
public final class JobFileParser {

  /**
   * What a job may hold.
   *
   * @param maxTasks tasks the job expands to, counting every repeat
   * @param maxInputBytes size of one task's {@code input} as compact JSON, before {@code ${i}}
   */
  public record Limits(long maxTasks, int maxInputBytes) {

    public static final Limits DEFAULT = new Limits(10_000_000, 65_536);

    public Limits {
      if (maxTasks < 1 || maxInputBytes < 2) {
        throw new IllegalArgumentException("limits must be positive: " + maxTasks + ", " + maxInputBytes);
      }
    }
  }

  /** snakeyaml refuses documents over 3 MB by default; a job file of many tasks may be larger. */
  private static final int MAX_YAML_CODE_POINTS = 256 * 1024 * 1024;

  private static final JsonFactory JSON = new JsonFactory();
  private static final YAMLFactory YAML = YAMLFactory.builder()
      .loaderOptions(yamlOptions())
      .enable(YAMLParser.Feature.EMPTY_STRING_AS_NULL) // "timeout:" with no value = not set
      .build();

  private JobFileParser() {}

  /** Reads {@code file} (UTF-8) with the default limits; see {@link #parse(Path, Limits)}. */
  public static JobSpec parse(Path file) throws JobSpecException, IOException {
    return parse(file, Limits.DEFAULT);
  }

  /**
   * Reads {@code file} (UTF-8); problems name it as given. A {@code foreach} file is read
   * (UTF-8) relative to the job file's directory; one that cannot be read is "not found",
   * named by its resolved path.
   */
  public static JobSpec parse(Path file, Limits limits) throws JobSpecException, IOException {
    String name = file.toString();
    byte[] bytes = Files.readAllBytes(file);
    String text;
    try {
      text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      throw new JobSpecException(List.of(new Problem(name, 0, "", "the file is not UTF-8 text")));
    }
    Attachments attachments = new Attachments(
        written -> readBeside(file, written), written -> besideName(file, written));
    return parse(name, text, limits, attachments);
  }

  /**
   * Parses {@code text} with the default limits; {@code fileName} names it in problems. Nothing
   * is attached: a {@code foreach} file is "not found".
   */
  public static JobSpec parse(String fileName, String text) throws JobSpecException {
    return parse(fileName, text, Limits.DEFAULT);
  }

  /**
   * Parses {@code text} as JSON when {@code fileName} ends with {@code .json} or the text starts
   * with <code>{</code>, else as YAML. Nothing is attached: a {@code foreach} file is "not found".
   */
  public static JobSpec parse(String fileName, String text, Limits limits) throws JobSpecException {
    return parse(fileName, text, limits, Attachments.NONE);
  }

  /**
   * As {@link #parse(String, String, Limits)}, with the files {@code foreach} entries name:
   * {@code attachments.apply(name as written in the job)} is the file's text, or null when it
   * is not available. Each file is asked for once.
   */
  public static JobSpec parse(String fileName, String text, Limits limits, Function<String, String> attachments)
      throws JobSpecException {
    return parse(fileName, text, limits, new Attachments(attachments, written -> written));
  }

  /**
   * The {@code foreach} file names {@code text} references, in order and as written (the files
   * a client must send along with the job). Never throws: of a broken text, what could be read.
   */
  public static Set<String> attachmentsOf(String fileName, String text) {
    try {
      return ForeachFiles.scan((isJson(fileName, text) ? JSON : YAML).createParser(text));
    } catch (IOException | RuntimeException e) {
      return Set.of();
    }
  }

  private static JobSpec parse(String fileName, String text, Limits limits, Attachments attachments)
      throws JobSpecException {
    Problems problems = new Problems(fileName);
    boolean json = isJson(fileName, text);
    JobSpec spec = null;
    JsonParser parser = null;
    try {
      parser = (json ? JSON : YAML).createParser(text);
      LocatedTree tree = LocatedTreeReader.read(parser, problems);
      if (tree != null) {
        spec = new JobSpecReader(tree, problems, limits, attachments).read();
      }
    } catch (JsonProcessingException e) {
      // a limit of the streaming parser (number or name length, nesting) has no location of its own
      int line = e.getLocation() != null || parser == null ? line(e.getLocation()) : line(parser.currentLocation());
      problems.add(line, "", (json ? "malformed JSON: " : "malformed YAML: ") + message(e));
    } catch (IOException e) {
      throw new UncheckedIOException("reading a string cannot fail", e);
    } finally {
      closeQuietly(parser);
    }
    problems.throwIfAny();
    return spec;
  }

  /**
   * One problem per template whose type is not in {@code known} (the types the workers offer),
   * at the template's line, field {@code tasks[k].type}.
   */
  public static List<Problem> checkTypes(JobSpec spec, String fileName, Set<String> known) {
    String names = known.isEmpty() ? "none" : String.join(", ", new TreeSet<>(known));
    List<Problem> problems = new ArrayList<>();
    List<TaskTemplate> tasks = spec.tasks();
    for (int k = 0; k < tasks.size(); k++) {
      TaskTemplate task = tasks.get(k);
      if (!known.contains(task.type())) {
        problems.add(new Problem(fileName, task.line(), "tasks[" + k + "].type",
            "unknown task type '" + task.type() + "' (known: " + names + ")"));
      }
    }
    return problems;
  }

  /** The text of {@code written} beside {@code jobFile}, or null when it cannot be read. */
  private static String readBeside(Path jobFile, String written) {
    try {
      return Files.readString(jobFile.resolveSibling(written), StandardCharsets.UTF_8);
    } catch (IOException | InvalidPathException e) {
      return null;
    }
  }

  private static String besideName(Path jobFile, String written) {
    try {
      return jobFile.resolveSibling(written).toString();
    } catch (InvalidPathException e) {
      return written;
    }
  }

  private static boolean isJson(String fileName, String text) {
    String lower = fileName.toLowerCase(Locale.ROOT);
    if (lower.endsWith(".json")) {
      return true;
    }
    if (lower.endsWith(".yaml") || lower.endsWith(".yml")) {
      return false;
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (!Character.isWhitespace(c) && c != '\uFEFF') {
        return c == '{';
      }
    }
    return false;
  }

  private static int line(JsonLocation location) {
    return location == null ? 0 : Math.max(0, location.getLineNr());
  }

  /** The parser's reason on one line, without its echo of the source. */
  private static String message(JsonProcessingException e) {
    if (e.getCause() instanceof MarkedYAMLException yaml && yaml.getProblem() != null) {
      String context = yaml.getContext() == null || yaml.getContextMark() == null
          ? ""
          : " (" + yaml.getContext() + " at line " + (yaml.getContextMark().getLine() + 1) + ")";
      return yaml.getProblem() + context;
    }
    if (e.getCause() instanceof RuntimeException) {
      // the YAML scanner failed outright ("\\x" at the very end: a NumberFormatException)
      return "the text cannot be read here: a broken escape sequence or unfinished quoted text";
    }
    return plainMessage(e);
  }

  /**
   * A JSON parser's reason in words for users: its source echo ({@code [Source: …; line: 3, column:
   * 7]}) becomes {@code line 3}, and no Java name is left (a read limit names the setter that sets
   * it, {@code (1000, from `StreamReadConstraints.get…()`)}). The API's envelope uses it too.
   */
  public static String plainMessage(JsonProcessingException e) {
    String message = e.getOriginalMessage() == null ? "unreadable" : e.getOriginalMessage();
    return message.strip()
        .replaceAll("\\[Source: [^\\]]*; line: (\\d+), column: \\d+\\]", "line $1")
        .replaceAll("\\((\\d+), from `[^`]*`\\)", "($1)")
        .replaceAll("\\s*\\((?:[a-z]\\w*\\.)+[A-Z]\\w*\\)", "")
        .replaceAll("\\s*\\n\\s*", " ");
  }

  private static void closeQuietly(JsonParser parser) {
    if (parser != null) {
      try {
        parser.close();
      } catch (IOException | RuntimeException ignored) {
        // a string: nothing to release
      }
    }
  }

  private static LoaderOptions yamlOptions() {
    LoaderOptions options = new LoaderOptions();
    options.setCodePointLimit(MAX_YAML_CODE_POINTS);
    return options;
  }
}
