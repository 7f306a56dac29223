package io.tasklane.protocol.job;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks that the task ids of a job are unique without listing them, so a template with a
 * repeat of millions costs no more than one with none. The ids a template stands for:
 *
 * <ul>
 *   <li>id {@code x}, no repeat: {@code x};
 *   <li>id {@code x}, repeat n (or a foreach of n items): {@code x-0} … {@code x-(n-1)};
 *   <li>no id: its positions in the job, {@code p} … {@code p+count-1}, as decimal numbers.
 * </ul>
 *
 * <p>{@code x-i} ends with {@code -} and digits, so it equals {@code y-j} only when {@code x = y},
 * and never equals a position (positions have no {@code -}). What is left to check: a plain id
 * against the others (a map), a plain id that is a number against the positions (ranges, binary
 * search), and a plain id {@code x-i} against the repeats of {@code x} (a map, arithmetic).
 * Collisions are reported on the later of the two templates.
 */
final class TaskIdClaims {

  /** A template's claim and where to report against it. */
  private record Owner(int task, int line, String field, String description) {}

  /** Positions {@code start} (inclusive) … {@code end} (exclusive) of an id-less template. */
  private record Range(long start, long end, Owner owner) {}

  /** A repeated id: {@code prefix-0} … {@code prefix-(count-1)}. */
  private record Repeat(int count, Owner owner) {}

  private final Problems problems;
  private final Map<String, Owner> plain = new LinkedHashMap<>();
  private final Map<String, Repeat> repeats = new HashMap<>();
  private final List<Range> ranges = new ArrayList<>();

  TaskIdClaims(Problems problems) {
    this.problems = problems;
  }

  /**
   * Template {@code task} sets {@code id} (at {@code line}); {@code repeat} is null for one task,
   * else its number of copies (a repeat's, or a foreach's items).
   */
  void claimId(int task, String id, Integer repeat, int line) {
    String field = "tasks[" + task + "].id";
    if (repeat == null) {
      Owner owner = new Owner(task, line, field, "the id of tasks[" + task + "] (line " + line + ")");
      Owner earlier = plain.putIfAbsent(id, owner);
      if (earlier != null) {
        report(owner, earlier, id, "");
      }
      return;
    }
    String ids = id + "-0 … " + id + "-" + (repeat - 1);
    Owner owner = new Owner(task, line, field,
        "one of the ids " + ids + " of tasks[" + task + "] (line " + line + ")");
    Repeat earlier = repeats.putIfAbsent(id, new Repeat(repeat, owner));
    if (earlier != null) {
      report(owner, earlier.owner(), id + "-0", "");
    }
  }

  /** Template {@code task} has no id: it takes positions {@code start} … {@code start+count-1}. */
  void claimPositions(int task, long start, int count, int line) {
    String positions = count == 1 ? "the position" : "one of the positions " + start + " … " + (start + count - 1);
    Owner owner = new Owner(task, line, "tasks[" + task + "]",
        positions + " of tasks[" + task + "] (line " + line + "), which has no id");
    ranges.add(new Range(start, start + count, owner));
  }

  /** Checks plain ids against positions and repeats; call once, after every claim. */
  void check() {
    for (Map.Entry<String, Owner> entry : plain.entrySet()) {
      String id = entry.getKey();
      Owner owner = entry.getValue();
      long number = decimal(id);
      if (number >= 0) {
        Range range = rangeContaining(number);
        if (range != null) {
          reportLater(owner, range.owner(), id);
        }
      }
      int dash = id.lastIndexOf('-');
      if (dash > 0) {
        long copy = decimal(id.substring(dash + 1));
        Repeat repeat = repeats.get(id.substring(0, dash));
        if (copy >= 0 && repeat != null && copy < repeat.count()) {
          reportLater(owner, repeat.owner(), id);
        }
      }
    }
  }

  private void reportLater(Owner one, Owner other, String id) {
    if (one.task() > other.task()) {
      report(one, other, id, "");
    } else {
      report(other, one, id, other.field().endsWith(".id") ? "" : " (its position)");
    }
  }

  private void report(Owner later, Owner earlier, String id, String note) {
    problems.add(later.line(), later.field(),
        "duplicate task id '" + id + "'" + note + ": also " + earlier.description());
  }

  private Range rangeContaining(long position) {
    int low = 0;
    int high = ranges.size() - 1;
    while (low <= high) {
      int middle = (low + high) >>> 1;
      Range range = ranges.get(middle);
      if (position < range.start()) {
        high = middle - 1;
      } else if (position >= range.end()) {
        low = middle + 1;
      } else {
        return range;
      }
    }
    return null;
  }

  /** The value of a canonical decimal (no sign, no leading zero), or -1. */
  private static long decimal(String text) {
    if (text.isEmpty() || text.length() > 18 || (text.length() > 1 && text.charAt(0) == '0')) {
      return -1;
    }
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) < '0' || text.charAt(i) > '9') {
        return -1;
      }
    }
    return Long.parseLong(text);
  }
}
