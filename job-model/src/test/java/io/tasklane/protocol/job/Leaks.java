package io.tasklane.protocol.job;

import java.util.List;
import java.util.regex.Pattern;

/** What an answer meant for users must not show: Java class names and stack frames. */
public final class Leaks {

  private static final List<Pattern> INTERNALS = List.of(
      Pattern.compile("Exception"),
      Pattern.compile("Error\\b(?!s)"),
      Pattern.compile("\\bat (io|com|org|java|scala|jdk)\\."),
      Pattern.compile("com\\.fasterxml"),
      Pattern.compile("org\\.(yaml|apache)"),
      Pattern.compile("java\\.(lang|util|io)"),
      Pattern.compile("io\\.tasklane\\."),
      Pattern.compile("\\[Source: "));

  private Leaks() {}

  /** The first internal thing {@code text} shows, or null. */
  public static String of(String text) {
    for (Pattern internal : INTERNALS) {
      var matcher = internal.matcher(text);
      if (matcher.find()) {
        return "'" + matcher.group() + "'";
      }
    }
    return null;
  }
}
