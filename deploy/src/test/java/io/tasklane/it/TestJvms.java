package io.tasklane.it;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How the JVMs the tests start (clients, and nodes started directly or by {@code local up})
 * run: as users run them, except for what only makes a long-lived coordinator fast.
 *
 * <p>A test's JVM lives seconds to minutes. On a CI machine of two cores running two test
 * classes at once, the tests are bound by CPU (98% busy), and much of it went to starting JVMs:
 * the C2 compiler's work (and {@code local up}'s eager compiling of the nodes' AOT cache, and the
 * coordinator's 512 MiB touched at start) took more CPU than it paid back. Measured on a local
 * cluster's start: ~16.8 s of CPU for its three nodes, ~10.3 s with these settings. So every JVM
 * the tests start runs C1 alone; the tests' CPU tasks hash little enough for C1's code (sha256
 * runs 7-10 times slower on it). Tests that are about these settings set them themselves
 * ({@code TASKLANE_AOT_EAGER}, AotCacheIT), and then none of these apply.
 */
final class TestJvms {

  /** C1 only: compiles in a fraction of the time, code fast enough for a test's loads. */
  static final String QUICK_JIT = "-XX:TieredStopAtLevel=1";
  /** The coordinator's heap grows as it needs (local up starts it at 512 MiB, touched). */
  static final String SMALL_START_HEAP = "-Xms64m -XX:-AlwaysPreTouch";

  private TestJvms() {}

  /**
   * {@code java [-Xmx256m] [QUICK_JIT] jvmOptions… -jar jar args…}: an {@code -Xmx} or a
   * {@code -XX:TieredStopAtLevel} in {@code jvmOptions} replaces the default.
   */
  static List<String> command(Path jar, List<String> jvmOptions, String... args) {
    List<String> command = new ArrayList<>(List.of(Tasklane.java()));
    if (jvmOptions.stream().noneMatch(option -> option.startsWith("-Xmx"))) {
      command.add("-Xmx256m");
    }
    if (jvmOptions.stream().noneMatch(option -> option.startsWith("-XX:TieredStopAtLevel"))) {
      command.add(QUICK_JIT);
    }
    command.addAll(jvmOptions);
    command.addAll(List.of("-jar", jar.toString()));
    command.addAll(List.of(args));
    return command;
  }

  /**
   * {@code env} with the options above for the nodes {@code local up} starts, before the test's
   * own (which win): unless the test sets {@code TASKLANE_AOT_EAGER} itself.
   */
  static Map<String, String> nodeEnv(Map<String, String> env) {
    if (env.containsKey("TASKLANE_AOT_EAGER")) {
      return env;
    }
    Map<String, String> all = new HashMap<>(env);
    all.put("TASKLANE_AOT_EAGER", "off");
    all.put("TASKLANE_NODE_OPTS", (QUICK_JIT + " " + env.getOrDefault("TASKLANE_NODE_OPTS", "")).strip());
    all.put("TASKLANE_COORDINATOR_OPTS",
        (SMALL_START_HEAP + " " + env.getOrDefault("TASKLANE_COORDINATOR_OPTS", "")).strip());
    return all;
  }
}
