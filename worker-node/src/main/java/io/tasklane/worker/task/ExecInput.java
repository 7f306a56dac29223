package io.tasklane.worker.task;

import com.fasterxml.jackson.databind.JsonNode;
import io.tasklane.spi.InputSchema;
import io.tasklane.spi.TaskFailedPermanently;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An {@code exec} task's input: {@code argv} (required, a non-empty array of strings, the first
 * one not empty), {@code env} (an object of strings, added to the worker's environment),
 * {@code cwd} (the working directory, relative to the worker's) and {@code stdin} (text).
 *
 * @param cwd null: the worker's working directory
 * @param stdin null: the process's stdin is closed at once
 */
record ExecInput(List<String> argv, Map<String, String> env, Path cwd, String stdin) {

  static final String TYPE = "exec";

  /** What {@link #read} accepts, for the check at submit ({@link #read} still checks at run time). */
  static final InputSchema SCHEMA = InputSchema.object()
      .required("argv", InputSchema.array(InputSchema.string()).minItems(1)
          .description("the program and its arguments; the program is looked up on the worker's PATH"))
      .optional("env", InputSchema.object().additionalProperties(InputSchema.string())
          .description("variables added to the worker's environment"))
      .optional("cwd", InputSchema.string().description("the working directory on the worker"))
      .optional("stdin", InputSchema.string().description("text written to the program's standard input"));

  ExecInput {
    argv = List.copyOf(argv);
    env = Map.copyOf(env);
  }

  /** Reads the input; throws TaskFailedPermanently naming the field (no retry). */
  static ExecInput read(JsonNode input) {
    return new ExecInput(argv(input), env(input), cwd(input), optionalText(input, "stdin"));
  }

  private static List<String> argv(JsonNode input) {
    JsonNode value = input == null ? null : input.get("argv");
    if (value == null || value.isNull()) {
      throw bad("argv", "is required");
    }
    if (!value.isArray() || value.isEmpty()) {
      throw bad("argv", "must be a non-empty array of strings, not " + value);
    }
    List<String> argv = new ArrayList<>();
    for (JsonNode arg : value) {
      if (!arg.isTextual()) {
        throw bad("argv", "must hold strings only, not " + arg);
      }
      argv.add(arg.asText());
    }
    if (argv.get(0).isBlank()) {
      throw bad("argv", "must start with a program, not an empty string");
    }
    return argv;
  }

  private static Map<String, String> env(JsonNode input) {
    JsonNode value = input == null ? null : input.get("env");
    if (value == null || value.isNull()) {
      return Map.of();
    }
    if (!value.isObject()) {
      throw bad("env", "must be an object of strings, not " + value);
    }
    Map<String, String> env = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> entry : value.properties()) {
      if (!entry.getValue().isTextual()) {
        throw bad("env", "must be an object of strings: '" + entry.getKey() + "' is " + entry.getValue());
      }
      env.put(entry.getKey(), entry.getValue().asText());
    }
    return env;
  }

  private static Path cwd(JsonNode input) {
    String cwd = optionalText(input, "cwd");
    if (cwd == null) {
      return null;
    }
    try {
      return Path.of(cwd);
    } catch (InvalidPathException e) {
      throw bad("cwd", "is not a path: " + cwd);
    }
  }

  private static String optionalText(JsonNode input, String field) {
    JsonNode value = input == null ? null : input.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isTextual()) {
      throw bad(field, "must be a string, not " + value);
    }
    return value.asText();
  }

  static TaskFailedPermanently bad(String field, String problem) {
    return Inputs.invalid(TYPE, field, problem); // the input would not change on a retry
  }
}
