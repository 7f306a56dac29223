package io.tasklane.client.output;

import java.io.IOException;
import org.jline.terminal.TerminalBuilder;

/** The console's width as JLine reads it. */
final class ConsoleWidth {

  private ConsoleWidth() {
  }

  static int orDefault(int fallback) {
    try (org.jline.terminal.Terminal terminal = TerminalBuilder.builder().system(true).dumb(true).build()) {
      int width = terminal.getWidth();
      return width > 0 ? Math.max(Terminal.MIN_WIDTH, width) : fallback;
    } catch (IOException | RuntimeException | LinkageError unknown) {
      return fallback;
    }
  }
}
