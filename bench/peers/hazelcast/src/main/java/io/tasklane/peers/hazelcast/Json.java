package io.tasklane.peers.hazelcast;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A JSON object written as one line: strings, numbers, booleans, nested objects and lists. */
final class Json {

  private final Map<String, Object> fields = new LinkedHashMap<>();

  Json put(String name, Object value) {
    fields.put(name, value);
    return this;
  }

  Json object(String name) {
    Json child = new Json();
    fields.put(name, child);
    return child;
  }

  List<Object> list(String name) {
    List<Object> list = new ArrayList<>();
    fields.put(name, list);
    return list;
  }

  @Override
  public String toString() {
    StringBuilder out = new StringBuilder();
    write(this, out);
    return out.toString();
  }

  private static void write(Object value, StringBuilder out) {
    switch (value) {
      case null -> out.append("null");
      case Json json -> {
        out.append('{');
        String comma = "";
        for (Map.Entry<String, Object> field : json.fields.entrySet()) {
          out.append(comma);
          string(field.getKey(), out);
          out.append(':');
          write(field.getValue(), out);
          comma = ",";
        }
        out.append('}');
      }
      case List<?> list -> {
        out.append('[');
        for (int i = 0; i < list.size(); i++) {
          out.append(i == 0 ? "" : ",");
          write(list.get(i), out);
        }
        out.append(']');
      }
      case Double d when d.isNaN() || d.isInfinite() -> out.append("null");
      case Number number -> out.append(number);
      case Boolean bool -> out.append(bool);
      default -> string(value.toString(), out);
    }
  }

  private static void string(String text, StringBuilder out) {
    out.append('"');
    for (char c : text.toCharArray()) {
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }
}
