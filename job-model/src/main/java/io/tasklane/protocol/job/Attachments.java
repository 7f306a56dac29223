package io.tasklane.protocol.job;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * The files a job's {@code foreach} entries name, split into items; each file is read once
 * however many tasks name it.
 */
final class Attachments {

  /** Nothing is attached: every {@code foreach} file is "not found". */
  static final Function<String, String> NONE = written -> null;

  private final Function<String, String> content;
  private final UnaryOperator<String> shownName;
  private final Map<String, List<String>> items = new HashMap<>();

  /**
   * @param content a file's text by its name as written, null when not available
   * @param shownName how a missing file is named in the problem (e.g. the resolved path)
   */
  Attachments(Function<String, String> content, UnaryOperator<String> shownName) {
    this.content = content;
    this.shownName = shownName;
  }

  /** The items of {@code written}: its lines not blank, stripped; null when not available. */
  List<String> items(String written) {
    if (items.containsKey(written)) {
      return items.get(written);
    }
    String text = content.apply(written);
    List<String> found = text == null ? null : split(text);
    items.put(written, found);
    return found;
  }

  /** How the problem about a missing {@code written} names it. */
  String shownName(String written) {
    return shownName.apply(written);
  }

  static List<String> split(String text) {
    String body = text.startsWith("\uFEFF") ? text.substring(1) : text;
    return body.lines().map(String::strip).filter(line -> !line.isEmpty()).toList();
  }
}
