package io.tasklane.client.output;

/**
 * What is known about the terminal: its width ({@code COLUMNS}, else the console's, else
 * {@link #DEFAULT_WIDTH}) and whether it shows colors.
 */
public final class Terminal {

  /** Kept for callers that size columns themselves; {@link #width()} no longer returns it. */
  public static final int UNKNOWN = 0;
  /** The width assumed without {@code COLUMNS} and without a console (pipes, scripts). */
  public static final int DEFAULT_WIDTH = 100;
  /** Narrower than this, tables would be unreadable: they overflow instead. */
  public static final int MIN_WIDTH = 40;

  private Terminal() {
  }

  /** The terminal's width in columns: env COLUMNS, else the console's, else {@value #DEFAULT_WIDTH}. */
  public static int width() {
    String columns = System.getenv("COLUMNS");
    if (columns != null) {
      try {
        return Math.max(MIN_WIDTH, Integer.parseInt(columns.trim()));
      } catch (NumberFormatException notANumber) {
        // fall through to the console's width
      }
    }
    return isConsole() ? ConsoleWidth.orDefault(DEFAULT_WIDTH) : DEFAULT_WIDTH;
  }

  /**
   * True when stdout is a console (not a pipe or a file): {@link System#console()}, and on
   * Java 22+ (where a console may exist without a terminal) its {@code isTerminal()}.
   */
  public static boolean isConsole() {
    java.io.Console console = System.console();
    if (console == null) {
      return false;
    }
    try {
      return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(console);
    } catch (ReflectiveOperationException olderJava) {
      return true;
    }
  }

  /** False with env NO_COLOR set (any value, https://no-color.org) or when asked not to. */
  public static boolean colors(boolean noColorOption) {
    String noColor = System.getenv("NO_COLOR");
    return !noColorOption && (noColor == null || noColor.isEmpty());
  }

  /** {@code text} cut to {@code width} characters, with an ellipsis when cut. */
  public static String truncate(String text, int width) {
    if (text.length() <= width) {
      return text;
    }
    return width <= 1 ? text.substring(0, Math.max(0, width)) : text.substring(0, width - 1) + "…";
  }
}
