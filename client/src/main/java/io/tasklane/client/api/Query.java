package io.tasklane.client.api;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** A URL query string from name/value pairs; pairs with a null value are left out. */
final class Query {

  private Query() {
  }

  /** {@code ?a=1&b=2}, or "" when every value is null. */
  static String of(String... namesAndValues) {
    StringBuilder query = new StringBuilder();
    for (int i = 0; i + 1 < namesAndValues.length; i += 2) {
      String value = namesAndValues[i + 1];
      if (value != null) {
        query.append(query.isEmpty() ? '?' : '&').append(namesAndValues[i]).append('=')
            .append(URLEncoder.encode(value, StandardCharsets.UTF_8));
      }
    }
    return query.toString();
  }
}
