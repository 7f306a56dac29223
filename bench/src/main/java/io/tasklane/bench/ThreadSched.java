package io.tasklane.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Per-thread scheduling of the cluster's JVMs between two snapshots, from
 * {@code /proc/PID/task/TID/schedstat} (Linux): CPU time run and time spent runnable but waiting
 * for a core (run-queue delay), summed by thread group (the Java thread name without its trailing
 * number, from {@code jcmd PID Thread.print}, since the kernel keeps only 15 characters of it).
 * Where W4's I/O latency goes when the CPU lane saturates the cores: which threads waited.
 */
final class ThreadSched {

  /** The CPU lane's runner threads (the worker's cpu-dispatcher). */
  static final String RUNNERS = "tasklane-tasklane.worker.cpu-dispatcher";
  private static final LocalCluster.Node CLIENT = new LocalCluster.Node("bench_client", ProcessHandle.current().pid(), "");
  private static final Pattern THREAD_LINE = Pattern.compile("^\"(.*)\" .*?nid=(0x[0-9a-fA-F]+|\\d+)");
  private static final Pattern TRAILING_NUMBER = Pattern.compile("[-#]?\\d+$");

  /** Nanoseconds on a CPU and waiting for one, per node (role + pid) and thread id. */
  private record Sample(long cpuNs, long waitNs) {}

  private final Map<LocalCluster.Node, Map<Long, Sample>> byNode;
  private final long atNanos;

  private ThreadSched(Map<LocalCluster.Node, Map<Long, Sample>> byNode, long atNanos) {
    this.byNode = byNode;
    this.atNanos = atNanos;
  }

  static ThreadSched snapshot(LocalCluster cluster) {
    Map<LocalCluster.Node, Map<Long, Sample>> byNode = new LinkedHashMap<>();
    for (LocalCluster.Node node : cluster.nodes()) {
      byNode.put(node, threads(node.pid()));
    }
    byNode.put(CLIENT, threads(CLIENT.pid()));
    return new ThreadSched(byNode, System.nanoTime());
  }

  /** What changed since {@code before}, with thread names looked up now (threads of the window). */
  Window since(ThreadSched before) {
    Map<String, Map<String, long[]>> groups = new LinkedHashMap<>();
    for (Map.Entry<LocalCluster.Node, Map<Long, Sample>> node : byNode.entrySet()) {
      Map<Long, Sample> then = before.byNode.getOrDefault(node.getKey(), Map.of());
      // not the bench itself: a jcmd attached to this JVM with thousands of requests waiting on
      // virtual threads did not answer (its kernel names are enough to tell its threads apart)
      Map<Long, String> names = node.getKey() == CLIENT ? Map.of() : javaThreadNames(node.getKey().pid());
      String role = node.getKey().role();
      Map<String, long[]> roleGroups = groups.computeIfAbsent(role, r -> new TreeMap<>());
      node.getValue().forEach((tid, now) -> {
        Sample old = then.getOrDefault(tid, new Sample(0, 0));
        long cpu = now.cpuNs() - old.cpuNs();
        long wait = now.waitNs() - old.waitNs();
        String name = names.getOrDefault(tid, comm(node.getKey().pid(), tid));
        long[] sums = roleGroups.computeIfAbsent(group(name), g -> new long[3]);
        sums[0] += cpu;
        sums[1] += wait;
        if (cpu > 0) {
          sums[2]++;
        }
      });
    }
    return new Window(groups, atNanos - before.atNanos);
  }

  /**
   * Per role and thread group: CPU ms, run-queue wait ms, threads that ran. {@code wallNanos} is
   * the window's length.
   */
  record Window(Map<String, Map<String, long[]>> groups, long wallNanos) {

    /** The CPU lane's runners' CPU time over the window, as a share of {@code runners} threads busy all along. */
    double cpuLaneUtilisation(int runners) {
      long[] lane = groups.getOrDefault("worker", Map.of()).get(RUNNERS);
      return lane == null || wallNanos <= 0 ? 0 : (double) lane[0] / ((double) wallNanos * runners);
    }

    /** Groups that ran or waited at least 1 ms, per role. */
    void write(ObjectNode into) {
      into.put("window_ms", Stats.round(wallNanos / 1e6, 1));
      groups.forEach((role, byGroup) -> {
        ObjectNode roleNode = into.putObject(role);
        byGroup.forEach((group, sums) -> {
          if (sums[0] >= 1_000_000 || sums[1] >= 1_000_000) {
            roleNode.putObject(group).put("cpu_ms", Stats.round(sums[0] / 1e6, 1))
                .put("wait_ms", Stats.round(sums[1] / 1e6, 1)).put("threads", sums[2]);
          }
        });
      });
    }
  }

  static String group(String name) {
    return TRAILING_NUMBER.matcher(name).replaceFirst("");
  }

  private static Map<Long, Sample> threads(long pid) {
    Map<Long, Sample> samples = new HashMap<>();
    try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "task"))) {
      for (Path task : tasks) {
        try {
          String[] fields = Files.readString(task.resolve("schedstat"), StandardCharsets.US_ASCII).trim().split(" ");
          samples.put(Long.parseLong(task.getFileName().toString()),
              new Sample(Long.parseLong(fields[0]), Long.parseLong(fields[1])));
        } catch (IOException | RuntimeException gone) {
          // the thread ended between the listing and the read
        }
      }
    } catch (IOException | RuntimeException unreadable) {
      // not Linux, or the node is gone: no figures for it
    }
    return samples;
  }

  private static String comm(long pid, long tid) {
    try {
      return Files.readString(Path.of("/proc", Long.toString(pid), "task", Long.toString(tid), "comm")).trim();
    } catch (IOException gone) {
      return "?";
    }
  }

  /** Thread id to Java thread name, from {@code jcmd PID Thread.print} (empty when jcmd fails). */
  static Map<Long, String> javaThreadNames(long pid) {
    Path java = ProcessHandle.current().info().command().map(Path::of).orElse(null);
    Path jcmd = java == null ? null : java.resolveSibling("jcmd");
    if (jcmd == null || !Files.isExecutable(jcmd)) {
      return Map.of();
    }
    Path out = null;
    try {
      // into a file, so that a jcmd that does not answer is given up after the timeout
      out = Files.createTempFile("tasklane-bench-threads", ".txt");
      Process process = new ProcessBuilder(List.of(jcmd.toString(), Long.toString(pid), "Thread.print"))
          .redirectError(ProcessBuilder.Redirect.DISCARD).redirectOutput(out.toFile()).start();
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        return Map.of();
      }
      return parseThreadNames(Files.readString(out, StandardCharsets.UTF_8));
    } catch (IOException e) {
      return Map.of();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Map.of();
    } finally {
      if (out != null) {
        try {
          Files.deleteIfExists(out);
        } catch (IOException ignored) {
          // a temp file left behind
        }
      }
    }
  }

  static Map<Long, String> parseThreadNames(String threadPrint) {
    Map<Long, String> names = new HashMap<>();
    for (String line : threadPrint.split("\n")) {
      Matcher matcher = THREAD_LINE.matcher(line);
      if (matcher.find()) {
        String nid = matcher.group(2);
        long tid = nid.startsWith("0x") ? Long.parseLong(nid.substring(2), 16) : Long.parseLong(nid);
        names.put(tid, matcher.group(1));
      }
    }
    return names;
  }
}
