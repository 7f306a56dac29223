package io.tasklane.local;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/** The last lines of a log file, holding no more than that many. */
final class LogTail {

  private LogTail() {
  }

  static List<String> lines(Path log, int count) {
    Deque<String> tail = new ArrayDeque<>(count);
    var decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPLACE);
    try (BufferedReader reader = new BufferedReader(
        new java.io.InputStreamReader(Files.newInputStream(log), decoder))) {
      String line;
      while ((line = reader.readLine()) != null) {
        if (tail.size() == count) {
          tail.removeFirst();
        }
        tail.addLast(line);
      }
    } catch (IOException unreadable) {
      return List.of("(cannot read " + log + ": " + unreadable.getMessage() + ")");
    }
    return List.copyOf(tail);
  }
}
