package io.tasklane.protocol.job;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;

/**
 * Generates job files for fuzzing the parser from a seed: a valid job, then a few mutations of
 * its tree (fields deleted, values of the wrong type, huge and negative numbers, unicode, deep
 * nesting) and of its text (truncation, random characters and bytes, duplicate keys, tabs,
 * YAML anchor and alias bombs). The same seed gives the same document, so a failure is
 * reproduced from its seed alone. Plain {@link Random}: no property-testing library.
 */
public final class JobFileFuzz {

  /** A generated document and how it was made (for the failure report). */
  public record Doc(long seed, String fileName, String text, List<String> steps) {

    @Override
    public String toString() {
      String shown = text.length() > 600 ? text.substring(0, 600) + "… (" + text.length() + " chars)" : text;
      return "seed " + seed + " " + fileName + " " + steps + ":\n" + shown;
    }
  }

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ObjectMapper YAML = new ObjectMapper(YAMLFactory.builder()
      .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER).build());

  private static final String[] TYPES = {"noop", "sleep", "factorial", "http.get", "exec"};
  private static final String[] FIELDS = {"id", "name", "open", "defaults", "tasks", "type", "lane", "input",
      "timeout", "retries", "key", "repeat", "foreach", "file", "range", "ms", "n"};
  private static final String[] STRANGE_TEXT = {"", " ", "\t", "0", "-1", "1e999", "NaN", "null", "~", "true",
      "0x1F", "0o17", "0b101", "1_000", "12:30:00", "2026-12-07", "héllo", "日本語", "🚀🚀", "\u202Eevil",
      "a\u0000b", "\uFEFF", "${i}", "${line}", "&anchor", "*alias", "!!binary aGVsbG8=", "[", "{", "'", "\"",
      "- - -", "? complex", "\\", "%YAML 1.2", "---", "...", "99999999999999999999999999999", "-0", "0.0001s",
      "5 minutes", "1.5s", "9223372036854775807ms", "2h", "auto", "IO", "cpu"};
  private static final Object[] STRANGE_NUMBERS = {0, -1, -2147483648, 2147483647, 2147483648L, Long.MAX_VALUE,
      Long.MIN_VALUE, new java.math.BigInteger("123456789012345678901234567890"), 1.5, -0.0, 1e300,
      Double.MAX_VALUE, Double.MIN_VALUE, new java.math.BigDecimal("1e-400"), 10_000_001, 100, 101};

  private final Random random;

  private JobFileFuzz(long seed) {
    this.random = new Random(seed);
  }

  /** The document of {@code seed}. */
  public static Doc generate(long seed) {
    return new JobFileFuzz(seed).doc(seed);
  }

  private Doc doc(long seed) {
    List<String> steps = new ArrayList<>();
    ObjectNode job = validJob();
    int treeMutations = random.nextInt(4);
    for (int i = 0; i < treeMutations; i++) {
      steps.add(mutateTree(job));
    }
    boolean json = random.nextBoolean();
    String fileName = switch (random.nextInt(4)) {
      case 0 -> json ? "job.json" : "job.yaml";
      case 1 -> json ? "job.JSON" : "job.yml";
      case 2 -> "request";
      default -> "jöb ✓.txt";
    };
    String text = render(job, json, steps);
    int textMutations = random.nextInt(3);
    for (int i = 0; i < textMutations; i++) {
      text = mutateText(text, json, steps);
    }
    return new Doc(seed, fileName, text, steps);
  }

  // ---- a valid job ----

  private ObjectNode validJob() {
    ObjectNode job = NODES.objectNode();
    if (random.nextBoolean()) {
      job.put("id", "job-" + random.nextInt(1000));
    }
    if (random.nextInt(3) == 0) {
      job.put("name", "fuzz " + random.nextInt(100));
    }
    if (random.nextInt(4) == 0) {
      job.put("open", true);
    }
    if (random.nextInt(3) == 0) {
      ObjectNode defaults = job.putObject("defaults");
      defaults.put("timeout", (1 + random.nextInt(60)) + "s");
      defaults.put("retries", random.nextInt(5));
    }
    ArrayNode tasks = job.putArray("tasks");
    int count = 1 + random.nextInt(5);
    for (int k = 0; k < count; k++) {
      tasks.add(validTask(k));
    }
    return job;
  }

  private ObjectNode validTask(int k) {
    ObjectNode task = NODES.objectNode();
    if (random.nextBoolean()) {
      task.put("id", "t" + k);
    }
    task.put("type", TYPES[random.nextInt(TYPES.length)]);
    if (random.nextInt(4) == 0) {
      task.put("lane", random.nextBoolean() ? "io" : "cpu");
    }
    ObjectNode input = task.putObject("input");
    input.put("ms", random.nextInt(1000));
    if (random.nextInt(3) == 0) {
      input.put("value", "${i}");
    }
    if (random.nextInt(4) == 0) {
      task.put("timeout", random.nextInt(10_000));
    }
    if (random.nextInt(4) == 0) {
      task.put("retries", random.nextInt(10));
    }
    if (random.nextInt(5) == 0) {
      task.put("key", "k" + random.nextInt(3));
    }
    switch (random.nextInt(6)) {
      case 0 -> task.put("repeat", 1 + random.nextInt(1000));
      case 1 -> task.putObject("foreach").putArray("range").add(0).add(1 + random.nextInt(100));
      case 2 -> task.putObject("foreach").put("file", "urls.txt");
      default -> { }
    }
    return task;
  }

  // ---- mutations of the tree ----

  private String mutateTree(ObjectNode job) {
    List<Location> locations = new ArrayList<>();
    collect(job, "", locations, 0);
    if (locations.isEmpty()) {
      job.set(FIELDS[random.nextInt(FIELDS.length)], strangeValue(2));
      return "field added to an empty job";
    }
    Location at = locations.get(random.nextInt(locations.size()));
    return switch (random.nextInt(7)) {
      case 0 -> {
        at.remove();
        yield "delete " + at.path();
      }
      case 1 -> {
        at.set(strangeValue(2));
        yield "wrong value at " + at.path();
      }
      case 2 -> {
        at.set(NODES.numberNode(new java.math.BigInteger("9".repeat(1 + random.nextInt(5000)))));
        yield "huge number at " + at.path();
      }
      case 3 -> {
        at.set(NODES.textNode(unicode(1 + random.nextInt(200))));
        yield "unicode at " + at.path();
      }
      case 4 -> {
        int depth = 1 + random.nextInt(3000);
        at.set(nested(depth));
        yield "nested " + depth + " at " + at.path();
      }
      case 5 -> {
        at.parent().set(FIELDS[random.nextInt(FIELDS.length)], strangeValue(2));
        yield "field added at " + at.path();
      }
      default -> {
        at.set(NODES.numberNode(-1 - random.nextInt(1000)));
        yield "negative at " + at.path();
      }
    };
  }

  /** A place in the tree: a field of an object or an element of an array. */
  private record Location(String path, JsonNode parentNode, String field, int index) {

    ObjectNode parent() {
      return parentNode instanceof ObjectNode object ? object : NODES.objectNode();
    }

    void remove() {
      if (parentNode instanceof ObjectNode object) {
        object.remove(field);
      } else if (parentNode instanceof ArrayNode array && index < array.size()) {
        array.remove(index);
      }
    }

    void set(JsonNode value) {
      if (parentNode instanceof ObjectNode object) {
        object.set(field, value);
      } else if (parentNode instanceof ArrayNode array && index < array.size()) {
        array.set(index, value);
      }
    }
  }

  private static void collect(JsonNode node, String path, List<Location> into, int depth) {
    if (depth > 6) {
      return;
    }
    if (node instanceof ObjectNode object) {
      for (Iterator<String> names = object.fieldNames(); names.hasNext(); ) {
        String name = names.next();
        String child = path.isEmpty() ? name : path + "." + name;
        into.add(new Location(child, object, name, -1));
        collect(object.get(name), child, into, depth + 1);
      }
    } else if (node instanceof ArrayNode array) {
      for (int i = 0; i < array.size(); i++) {
        into.add(new Location(path + "[" + i + "]", array, null, i));
        collect(array.get(i), path + "[" + i + "]", into, depth + 1);
      }
    }
  }

  private JsonNode strangeValue(int depth) {
    int pick = random.nextInt(depth > 0 ? 7 : 5);
    return switch (pick) {
      case 0 -> NODES.textNode(STRANGE_TEXT[random.nextInt(STRANGE_TEXT.length)]);
      case 1 -> number(STRANGE_NUMBERS[random.nextInt(STRANGE_NUMBERS.length)]);
      case 2 -> NODES.booleanNode(random.nextBoolean());
      case 3 -> NODES.nullNode();
      case 4 -> NODES.textNode(unicode(random.nextInt(20)));
      case 5 -> {
        ArrayNode array = NODES.arrayNode();
        int size = random.nextInt(4);
        for (int i = 0; i < size; i++) {
          array.add(strangeValue(depth - 1));
        }
        yield array;
      }
      default -> {
        ObjectNode object = NODES.objectNode();
        int size = random.nextInt(4);
        for (int i = 0; i < size; i++) {
          object.set(FIELDS[random.nextInt(FIELDS.length)], strangeValue(depth - 1));
        }
        yield object;
      }
    };
  }

  private static JsonNode number(Object value) {
    return switch (value) {
      case Integer i -> NODES.numberNode(i);
      case Long l -> NODES.numberNode(l);
      case Double d -> NODES.numberNode(d);
      case java.math.BigInteger b -> NODES.numberNode(b);
      case java.math.BigDecimal b -> NODES.numberNode(b);
      default -> NODES.textNode(String.valueOf(value));
    };
  }

  private JsonNode nested(int depth) {
    JsonNode node = NODES.textNode("deep");
    for (int i = 0; i < depth; i++) {
      if (random.nextBoolean()) {
        node = NODES.arrayNode().add(node);
      } else {
        ObjectNode object = NODES.objectNode();
        object.set("x", node);
        node = object;
      }
    }
    return node;
  }

  private String unicode(int length) {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < length; i++) {
      int kind = random.nextInt(6);
      int codePoint = switch (kind) {
        case 0 -> 0x20 + random.nextInt(0x5F);
        case 1 -> 0xA0 + random.nextInt(0x700);
        case 2 -> 0x4E00 + random.nextInt(0x5000);
        case 3 -> 0x1F300 + random.nextInt(0x300);
        case 4 -> random.nextInt(0x20);
        default -> new int[] {0x200B, 0x202E, 0xFEFF, 0xFFFD, 0x2028, 0x85, 0x7F}[random.nextInt(7)];
      };
      text.appendCodePoint(codePoint);
    }
    return text.toString();
  }

  // ---- text ----

  private String render(ObjectNode job, boolean json, List<String> steps) {
    try {
      if (json) {
        return random.nextBoolean() ? JSON.writeValueAsString(job) : JSON.writerWithDefaultPrettyPrinter()
            .writeValueAsString(job);
      }
      return YAML.writeValueAsString(job);
    } catch (com.fasterxml.jackson.core.JsonProcessingException | StackOverflowError e) {
      steps.add("not rendered: " + e.getClass().getSimpleName());
      return "tasks: [{type: noop}]";
    }
  }

  private String mutateText(String text, boolean json, List<String> steps) {
    int at = text.isEmpty() ? 0 : random.nextInt(text.length() + 1);
    List<Supplier<String>> mutations = List.of(
        () -> {
          steps.add("truncated at " + at);
          return text.substring(0, at);
        },
        () -> {
          String inserted = unicode(1 + random.nextInt(10));
          steps.add("inserted " + escape(inserted) + " at " + at);
          return text.substring(0, at) + inserted + text.substring(at);
        },
        () -> {
          String inserted = randomBytesAsLatin1(1 + random.nextInt(30));
          steps.add("inserted bytes at " + at);
          return text.substring(0, at) + inserted + text.substring(at);
        },
        () -> {
          steps.add("duplicate key line");
          return duplicateALine(text);
        },
        () -> {
          steps.add("tabs for indentation");
          return text.replace("  ", "\t");
        },
        () -> {
          steps.add("alias bomb");
          return aliasBomb(json) + (json ? "" : text);
        },
        () -> {
          String token = STRANGE_TEXT[random.nextInt(STRANGE_TEXT.length)];
          steps.add("inserted token " + escape(token) + " at " + at);
          return text.substring(0, at) + token + text.substring(at);
        },
        () -> {
          int depth = 1 + random.nextInt(20_000);
          steps.add("text nested " + depth);
          String open = json ? "[" : "[";
          return "{\"tasks\": " + open.repeat(depth) + "]".repeat(random.nextBoolean() ? depth : depth / 2) + "}";
        },
        () -> {
          steps.add("many documents");
          return text + "\n---\n" + text;
        },
        () -> {
          int length = 1 + random.nextInt(200_000);
          steps.add("long scalar " + length);
          return "tasks:\n  - type: noop\n    key: " + "k".repeat(length) + "\n";
        });
    return mutations.get(random.nextInt(mutations.size())).get();
  }

  private String duplicateALine(String text) {
    String[] lines = text.split("\n", -1);
    if (lines.length == 0) {
      return text;
    }
    int line = random.nextInt(lines.length);
    List<String> out = new ArrayList<>(List.of(lines));
    out.add(line, lines[line]);
    return String.join("\n", out);
  }

  /** Billion laughs: ten anchors, each a list of ten aliases of the one before. */
  private String aliasBomb(boolean json) {
    if (json) {
      return "{\"tasks\": [" + "{\"type\": \"noop\", \"input\": {\"a\": [\"lol\"]}},".repeat(50) + "{\"type\": \"noop\"}]}";
    }
    StringBuilder yaml = new StringBuilder("a0: &a0 [\"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\"]\n");
    int levels = 2 + random.nextInt(9);
    for (int i = 1; i < levels; i++) {
      yaml.append('a').append(i).append(": &a").append(i).append(" [");
      for (int j = 0; j < 9; j++) {
        yaml.append(j == 0 ? "" : ", ").append("*a").append(i - 1);
      }
      yaml.append("]\n");
    }
    yaml.append("tasks:\n  - type: noop\n    input: {bomb: *a").append(levels - 1).append("}\n");
    yaml.append("  - &t {type: noop}\n  - *t\n");
    return yaml.toString();
  }

  private String randomBytesAsLatin1(int length) {
    byte[] bytes = new byte[length];
    random.nextBytes(bytes);
    return new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
  }

  private static String escape(String text) {
    StringBuilder out = new StringBuilder();
    text.codePoints().forEach(c -> {
      if (c < 0x20 || c > 0x7E) {
        out.append(String.format("\\u%04X", c));
      } else {
        out.appendCodePoint(c);
      }
    });
    return out.toString();
  }
}
