package io.tasklane.client.output;

/** What is known about the terminal: its width from {@code COLUMNS}, if set. */
public final class Terminal {

  /** Width assumed when the terminal's is unknown (pipes, scripts). */
  public static final int UNKNOWN = 0;

  private Terminal() {
  }

  /** The terminal's width in columns, or {@link #UNKNOWN}. */
  public static int width() {
    String columns = System.getenv("COLUMNS");
    if (columns == null) {
      return UNKNOWN;
    }
    try {
      return Math.max(UNKNOWN, Integer.parseInt(columns.trim()));
    } catch (NumberFormatException notANumber) {
      return UNKNOWN;
    }
  }

  /** {@code text} cut to {@code width} characters, with an ellipsis when cut. */
  public static String truncate(String text, int width) {
    if (text.length() <= width) {
      return text;
    }
    return width <= 1 ? text.substring(0, Math.max(0, width)) : text.substring(0, width - 1) + "…";
  }
}
