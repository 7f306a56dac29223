package io.tasklane.protocol.job;

import java.util.Collection;
import java.util.Locale;

/** "Did you mean …?" for field names: the closest allowed name within a small edit distance. */
final class Suggestions {

  /** Longer names are not typos of a field name; this also bounds the work. */
  private static final int MAX_LENGTH = 40;

  private Suggestions() {}

  /** The allowed name {@code typed} most likely misspells, or null. */
  static String closest(String typed, Collection<String> allowed) {
    if (typed.length() > MAX_LENGTH) {
      return null;
    }
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    String lower = typed.toLowerCase(Locale.ROOT);
    for (String candidate : allowed) {
      int distance = distance(lower, candidate.toLowerCase(Locale.ROOT));
      int tolerated = Math.max(1, Math.min(2, candidate.length() / 3));
      if (distance <= tolerated && distance < bestDistance) {
        best = candidate;
        bestDistance = distance;
      }
    }
    return best;
  }

  /** Edit distance counting insertions, deletions, substitutions and adjacent swaps. */
  static int distance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= b.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        int best = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
          best = Math.min(best, d[i - 2][j - 2] + 1);
        }
        d[i][j] = best;
      }
    }
    return d[a.length()][b.length()];
  }
}
