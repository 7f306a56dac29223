package io.tasklane.protocol.job;

import java.util.List;

/**
 * One task per item: the non-empty lines of a file ({@code lines}, sent along with the job by
 * the client) or the integers of a half-open range {@code [from, to)}. In input strings,
 * {@code ${line}} becomes the item's line and {@code ${i}} its index (for a range: the value).
 *
 * @param file the file name as the job file wrote it (null for a range), for messages
 */
public record Foreach(String file, List<String> lines, long from, long to) {

  public Foreach {
    lines = lines == null ? null : List.copyOf(lines);
  }

  public static Foreach ofLines(String file, List<String> lines) {
    return new Foreach(file, lines, 0, 0);
  }

  public static Foreach ofRange(long from, long to) {
    return new Foreach(null, null, from, to);
  }

  /** The number of items. */
  public long count() {
    return lines != null ? lines.size() : Math.max(0, to - from);
  }

  /** The value {@code ${i}} takes for item {@code copy}. */
  String indexValue(int copy) {
    return Long.toString(lines != null ? copy : from + copy);
  }

  /** The value {@code ${line}} takes for item {@code copy} (for a range: the value). */
  String lineValue(int copy) {
    return lines != null ? lines.get(copy) : Long.toString(from + copy);
  }
}
