package io.tasklane.protocol.job;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations in job files: a number of milliseconds, or text like 250ms, 1.5s, 5m, 2h. */
final class Durations {

  static final String EXPECTED = "must be a duration like 250ms, 30s, 5m, 2h or a number of milliseconds";

  private static final Pattern TEXT = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h)?");

  private Durations() {}

  /** The result of reading one duration: milliseconds, or why not. */
  record Parsed(long millis, String problem) {}

  static Parsed parse(JsonNode node) {
    BigDecimal millis;
    if (node.isIntegralNumber()) {
      millis = new BigDecimal(node.bigIntegerValue());
    } else if (node.isTextual()) {
      Matcher matcher = TEXT.matcher(node.textValue().trim().toLowerCase(Locale.ROOT));
      if (!matcher.matches()) {
        return new Parsed(0, EXPECTED + ", not '" + node.textValue() + "'");
      }
      millis = new BigDecimal(matcher.group(1)).multiply(BigDecimal.valueOf(unitMillis(matcher.group(2))));
    } else {
      return new Parsed(0, EXPECTED);
    }
    if (millis.signum() <= 0) {
      return new Parsed(0, "must be more than 0");
    }
    if (millis.stripTrailingZeros().scale() > 0) {
      return new Parsed(0, "must be a whole number of milliseconds");
    }
    if (millis.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
      return new Parsed(0, "is too long");
    }
    return new Parsed(millis.longValueExact(), null);
  }

  private static long unitMillis(String unit) {
    if (unit == null) {
      return 1;
    }
    return switch (unit) {
      case "ms" -> 1;
      case "s" -> 1_000;
      case "m" -> 60_000;
      default -> 3_600_000;
    };
  }
}
