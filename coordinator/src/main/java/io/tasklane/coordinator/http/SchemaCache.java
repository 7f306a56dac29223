package io.tasklane.coordinator.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.tasklane.spi.InputSchema;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Input schemas by their JSON text, as workers offer them: each distinct text is parsed once,
 * not once per submitted task. A text this coordinator cannot read (a worker with a newer SPI,
 * say) checks nothing: logged once, and the worker's own check still runs with the task.
 */
final class SchemaCache {

  private static final Logger log = LoggerFactory.getLogger(SchemaCache.class);

  /**
   * The most schema texts kept: every type of every plugin version a cluster offers at once fits
   * many times; the least recently used goes first past it.
   */
  static final int MAX_ENTRIES = 512;

  /** A parsed schema, or null with why the text could not be read. */
  private record Parsed(InputSchema schema, String unreadable) {}

  private final Map<String, Parsed> parsed = new LinkedHashMap<>(64, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Parsed> eldest) {
      return size() > MAX_ENTRIES;
    }
  };

  /** The schema {@code text} says, or null when it cannot be read here (checks nothing). */
  InputSchema schema(String type, String text) {
    Parsed known;
    synchronized (parsed) {
      known = parsed.get(text);
    }
    if (known == null) {
      known = parse(type, text);
      synchronized (parsed) {
        parsed.put(text, known);
      }
    }
    return known.schema();
  }

  private static Parsed parse(String type, String text) {
    try {
      return new Parsed(InputSchema.fromJson(Json.MAPPER.readTree(text)), null);
    } catch (JsonProcessingException | IllegalArgumentException e) {
      log.warn("The input schema a worker offers for type '{}' cannot be read here, so its inputs are "
          + "checked only when they run: {}", type, e.getMessage());
      return new Parsed(null, e.getMessage());
    }
  }
}
