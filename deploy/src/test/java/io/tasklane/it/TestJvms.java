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
 * classes at once, the C2 compiler's work in the coordinator and the clients (and {@code local
 * up}'s eager compiling of the nodes' AOT cache, and the coordinator's 512 MiB touched at start)
 * took more CPU than it paid back: a local cluster's start took ~16 s of CPU; the coordinator
 * and clients on C1 alone cost about a third less, and every test's JVMs compete less with the
 * other class's for the two cores. Workers keep C2: C1's code runs the tests' CPU tasks (sha256)
 * several times slower. Tests that are about these settings set them themselves
 * ({@code TASKLANE_AOT_EAGER}, AotCacheIT), and then none of these apply.
 */
final class TestJvms {

  /** C1 only: compiles in a fraction of the time, code fast enough for a coordinator's or client's part in a test. */
  static final String QUICK_JIT = "-XX:TieredStopAtLevel=1";
  /** The coordinator's heap grows as it needs (local up starts it at 512 MiB, touched). */
  static final String SMALL_START_HEAP = "-Xms64m -XX:-AlwaysPreTouch";

  private TestJvms() {}

  /**
   * {@code java [-Xmx256m] [QUICK_JIT] jvmOptions… -jar jar args…}: an {@code -Xmx} in {@code
   * jvmOptions} replaces the default; {@link #QUICK_JIT} for every command but {@code worker}.
   */
  static List<String> command(Path jar, List<String> jvmOptions, String... args) {
    List<String> command = new ArrayList<>(List.of(Tasklane.java()));
    if (jvmOptions.stream().noneMatch(option -> option.startsWith("-Xmx"))) {
      command.add("-Xmx256m");
    }
    boolean worker = args.length > 0 && args[0].equals("worker");
    if (!worker && jvmOptions.stream().noneMatch(option -> option.startsWith("-XX:TieredStopAtLevel"))) {
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
    all.put("TASKLANE_COORDINATOR_OPTS",
        (QUICK_JIT + " " + SMALL_START_HEAP + " " + env.getOrDefault("TASKLANE_COORDINATOR_OPTS", "")).strip());
    return all;
  }
}
