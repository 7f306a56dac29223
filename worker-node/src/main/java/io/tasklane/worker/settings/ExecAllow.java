package io.tasklane.worker.settings;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * {@code tasklane.worker.exec.allow}: which programs {@code exec} tasks may run on this node.
 * {@code off} (none), {@code all}, or a comma-separated list: a program is allowed when the
 * list holds its {@code argv[0]} exactly ({@code /usr/bin/convert}) or its file name
 * ({@code python3} allows {@code python3} and {@code /usr/bin/python3}).
 *
 * @param programs empty unless a list was given
 */
public record ExecAllow(boolean all, List<String> programs) {

  public static final ExecAllow OFF = new ExecAllow(false, List.of());
  public static final ExecAllow ALL = new ExecAllow(true, List.of());

  public ExecAllow {
    programs = List.copyOf(programs);
  }

  /** {@code off}/{@code false}/{@code no}/empty, {@code all}/{@code on}/{@code true}/{@code yes}, or a list. */
  public static ExecAllow parse(String value) {
    String trimmed = value == null ? "" : value.trim();
    switch (trimmed.toLowerCase(Locale.ROOT)) {
      case "", "off", "false", "no" -> {
        return OFF;
      }
      case "all", "on", "true", "yes" -> {
        return ALL;
      }
      default -> {
        List<String> list = Arrays.stream(trimmed.split(",")).map(String::trim).filter(p -> !p.isEmpty()).toList();
        return list.isEmpty() ? OFF : new ExecAllow(false, list);
      }
    }
  }

  /** True unless exec is off altogether. */
  public boolean any() {
    return all || !programs.isEmpty();
  }

  /** True when {@code program} ({@code argv[0]}) may run. */
  public boolean allows(String program) {
    if (all || programs.contains(program)) {
      return true;
    }
    Path name = Path.of(program).getFileName();
    return name != null && programs.contains(name.toString());
  }

  /** As written in the config. */
  @Override
  public String toString() {
    return all ? "all" : programs.isEmpty() ? "off" : String.join(",", programs);
  }
}
