package io.tasklane.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * CPU time (user + system, from {@code /proc/PID/stat}) each role's JVMs and the bench client
 * used between two snapshots: where a run's CPU went, JIT compilers and GC included; and, as
 * {@code ROLE_jit}, the part of it the JIT compiler threads took (their {@code /proc/PID/task/TID/stat}):
 * a run that still pays for compilation shows it there.
 */
final class NodeCpu {

  /** Clock ticks per second of {@code /proc/PID/stat} (USER_HZ: 100 on Linux). */
  static final double TICKS_PER_S = 100;

  private final Map<String, Long> ticksByRole;

  private NodeCpu(Map<String, Long> ticksByRole) {
    this.ticksByRole = ticksByRole;
  }

  static NodeCpu snapshot(LocalCluster cluster) {
    Map<String, Long> ticks = new LinkedHashMap<>();
    for (LocalCluster.Node node : cluster.nodes()) {
      // one node unreadable makes its role's figure unknown (-1), not a sum that is too small
      ticks.merge(node.role(), ticks(node.pid()), (a, b) -> a < 0 || b < 0 ? -1 : a + b);
      ticks.merge(node.role() + "_jit", compilerTicks(node.pid()), (a, b) -> a < 0 || b < 0 ? -1 : a + b);
    }
    ticks.put("bench_client", ticks(ProcessHandle.current().pid()));
    return new NodeCpu(ticks);
  }

  /** Seconds of CPU per role since {@code before} (-1 where /proc could not be read). */
  Map<String, Double> secondsSince(NodeCpu before) {
    Map<String, Double> seconds = new LinkedHashMap<>();
    ticksByRole.forEach((role, now) -> {
      Long then = before.ticksByRole.get(role);
      seconds.put(role, now < 0 || then == null || then < 0 ? -1 : Stats.round((now - then) / TICKS_PER_S, 2));
    });
    return seconds;
  }

  /** utime + stime of {@code pid}, -1 when unreadable (not Linux, or gone). */
  static long ticks(long pid) {
    return statTicks(Path.of("/proc", Long.toString(pid), "stat"));
  }

  /**
   * utime + stime of {@code pid}'s JIT compiler threads (named "C1 CompilerThre…" and "C2
   * CompilerThre…" by HotSpot), -1 when unreadable. A compiler thread that ended took its
   * ticks with it: HotSpot adds and removes them as the queue grows and shrinks
   * (-XX:+UseDynamicNumberOfCompilerThreads), so this undercounts a little, never over.
   */
  static long compilerTicks(long pid) {
    Path tasks = Path.of("/proc", Long.toString(pid), "task");
    long sum = 0;
    try (java.util.stream.Stream<Path> threads = Files.list(tasks)) {
      for (Path thread : (Iterable<Path>) threads::iterator) {
        String name;
        try {
          name = Files.readString(thread.resolve("comm")).trim();
        } catch (IOException gone) {
          continue;
        }
        if (name.startsWith("C1 Compiler") || name.startsWith("C2 Compiler")) {
          long ticks = statTicks(thread.resolve("stat"));
          sum += Math.max(0, ticks);
        }
      }
      return sum;
    } catch (IOException | RuntimeException unreadable) {
      return -1;
    }
  }

  private static long statTicks(Path stat) {
    try {
      String text = Files.readString(stat);
      // the command name (field 2) may hold spaces: count fields after its closing parenthesis
      String[] fields = text.substring(text.lastIndexOf(')') + 2).split(" ");
      return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    } catch (IOException | RuntimeException unreadable) {
      return -1;
    }
  }
}
