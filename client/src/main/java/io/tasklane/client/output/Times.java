package io.tasklane.client.output;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/** Times and durations as tables show them: ISO local date-times, short durations. */
public final class Times {

  private Times() {
  }

  /** An instant from epoch millis (or an ISO-8601 string, as older servers sent). */
  public static Optional<Instant> instant(JsonNode value) {
    if (value == null || value.isNull() || value.isMissingNode()) {
      return Optional.empty();
    }
    if (value.isNumber()) {
      return Optional.of(Instant.ofEpochMilli(value.asLong()));
    }
    try {
      return Optional.of(Instant.parse(value.asText()));
    } catch (DateTimeParseException notIso) {
      return Optional.empty();
    }
  }

  /** {@code 2026-01-01T10:00:00} in {@code zone}, or "-" when absent. */
  public static String local(JsonNode value, ZoneId zone) {
    return instant(value)
        .map(at -> LocalDateTime.ofInstant(at, zone).truncatedTo(ChronoUnit.SECONDS)
            .format(DateTimeFormatter.ISO_LOCAL_DATE_TIME))
        .orElse("-");
  }

  /** From {@code start} to {@code end} (or to now while there is no end); "-" without a start. */
  public static String duration(JsonNode start, JsonNode end, Instant now) {
    Optional<Instant> from = instant(start);
    if (from.isEmpty()) {
      return "-";
    }
    return format(Duration.between(from.get(), instant(end).orElse(now)));
  }

  /** {@code 850ms}, {@code 12.3s}, {@code 4m05s}, {@code 2h03m}. */
  public static String format(Duration duration) {
    long millis = Math.max(0, duration.toMillis());
    if (millis < 1000) {
      return millis + "ms";
    }
    if (millis < 60_000) {
      return String.format("%d.%ds", millis / 1000, millis % 1000 / 100);
    }
    long seconds = millis / 1000;
    if (seconds < 3600) {
      return String.format("%dm%02ds", seconds / 60, seconds % 60);
    }
    return String.format("%dh%02dm", seconds / 3600, seconds % 3600 / 60);
  }
}
