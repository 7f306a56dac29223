package io.tasklane.worker.cpu;

import io.tasklane.worker.settings.CpuPriority;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Linux cgroup (v1 {@code cpu} controller) of this process's CPU-lane runner threads alone, so
 * that they and only they yield: to every other process, and to the rest of this worker (its I/O
 * lane, Artery, actors), which keeps a normal share. Lowering the nice of the worker's autogroup
 * (what {@link SessionPriority} does where there is no such cgroup) lowers all of the worker's
 * threads against the coordinator and the clients: on a busy machine, the I/O lane's threads then
 * wait behind them as long as the runners do.
 *
 * <p>The group is {@code <this process's cpu cgroup>/tasklane-cpu-lane-<pid>}: with priority
 * {@code nice} its {@code cpu.shares} is the kernel's weight of that nice value (nice 10: 110
 * against 1,024 for a process group), so CPU tasks still get a share of a contended core; with
 * {@code idle} it is a SCHED_IDLE group ({@code cpu.idle = 1}, kernel 5.15+): a waking thread of any
 * other group takes the core at once; with {@code yield} it is idle too, and gets the nice share
 * while its runners starve ({@link StarvationGuard}). Needs a writable cgroup v1 {@code cpu} hierarchy (root, or
 * a delegated one); elsewhere (cgroup v2 only, a read-only container) nothing is created and the
 * caller falls back to nice values. The group is removed as the JVM exits, and groups of workers
 * that died without removing theirs (empty by then) as the next one starts.
 */
public final class RunnerCgroup {

  private static final Logger LOG = LoggerFactory.getLogger(RunnerCgroup.class);
  private static final Path CPU_ROOT = Path.of("/sys/fs/cgroup/cpu");
  private static final String PREFIX = "tasklane-cpu-lane-";
  private static final Duration DEFAULT_STARVED_WINDOW = Duration.ofSeconds(2);
  private static final Duration DEFAULT_STARVED_HOLD = Duration.ofSeconds(30);
  /** The kernel's sched_prio_to_weight, nice -20 … 19. */
  private static final int[] WEIGHTS = {
      88761, 71755, 56483, 46273, 36291, 29154, 23254, 18705, 14949, 11916,
      9548, 7620, 6100, 4904, 3906, 3121, 2501, 1991, 1586, 1277,
      1024, 820, 655, 526, 423, 335, 272, 215, 172, 137,
      110, 87, 70, 56, 45, 36, 29, 23, 18, 15};

  /** By priority and nice (one in production: a worker's settings do not change; tests try several). */
  private static final java.util.Map<String, Optional<RunnerCgroup>> INSTANCES = new java.util.HashMap<>();

  private final Path dir;
  private final String describe;

  private RunnerCgroup(Path dir, String describe) {
    this.dir = dir;
    this.describe = describe;
  }

  /**
   * This process's runner group for these settings, created on the first call; empty when
   * priority is normal, the setting says off, or no cpu cgroup is writable.
   */
  /** As below, with the default starved-window (2 s) and starved-hold (30 s). */
  public static Optional<RunnerCgroup> forThisProcess(CpuPriority priority, int nice, boolean enabled) {
    return forThisProcess(priority, nice, enabled, DEFAULT_STARVED_WINDOW, DEFAULT_STARVED_HOLD);
  }

  public static synchronized Optional<RunnerCgroup> forThisProcess(CpuPriority priority, int nice, boolean enabled,
      Duration starvedWindow, Duration starvedHold) {
    if (!enabled || priority == CpuPriority.NORMAL) {
      return Optional.empty();
    }
    return INSTANCES.computeIfAbsent(priority + "-" + nice,
        key -> create(CPU_ROOT, priority, nice, starvedWindow, starvedHold));
  }

  /** cpu.shares for a nice value: the kernel's weight of it (at least 2, the cgroup minimum). */
  static int sharesOf(int nice) {
    return Math.max(2, WEIGHTS[Math.max(-20, Math.min(19, nice)) + 20]);
  }

  /** The cpu cgroup path of this process from the text of /proc/self/cgroup ("4:cpu,cpuacct:/a/b"), or null. */
  public static String cpuPathOf(String procSelfCgroup) {
    for (String line : procSelfCgroup.split("\n")) {
      String[] parts = line.trim().split(":", 3);
      if (parts.length == 3 && List.of(parts[1].split(",")).contains("cpu")) {
        return parts[2];
      }
    }
    return null;
  }

  static Optional<RunnerCgroup> create(Path cpuRoot, CpuPriority priority, int nice) {
    return create(cpuRoot, priority, nice, DEFAULT_STARVED_WINDOW, DEFAULT_STARVED_HOLD);
  }

  static Optional<RunnerCgroup> create(Path cpuRoot, CpuPriority priority, int nice, Duration starvedWindow,
      Duration starvedHold) {
    try {
      if (!Files.isRegularFile(cpuRoot.resolve("cpu.shares"))) {
        LOG.info("CPU lane priority: no cgroup v1 cpu hierarchy at {}; falling back to nice values", cpuRoot);
        return Optional.empty();
      }
      String own = cpuPathOf(Files.readString(Path.of("/proc/self/cgroup"), StandardCharsets.US_ASCII));
      Path parent = own == null ? cpuRoot : cpuRoot.resolve(own.startsWith("/") ? own.substring(1) : own);
      removeStale(parent);
      long pid = ProcessHandle.current().pid();
      Path dir = parent.resolve(PREFIX + pid + "-" + priority.name().toLowerCase(java.util.Locale.ROOT) + "-" + nice);
      Files.createDirectories(dir);
      String describe;
      if (priority == CpuPriority.YIELD && Files.isRegularFile(dir.resolve("cpu.idle"))) {
        int shares = sharesOf(nice);
        Files.writeString(dir.resolve("cpu.shares"), Integer.toString(shares), StandardCharsets.US_ASCII);
        Files.writeString(dir.resolve("cpu.idle"), "1", StandardCharsets.US_ASCII);
        StarvationGuard.start(dir, shares, starvedWindow, starvedHold);
        describe = "cgroup " + dir + " (cpu.idle = 1: a waking thread takes the core at once; cpu.shares = " + shares
            + ", the weight of nice " + nice + ", while the runners starve)";
      } else if (priority == CpuPriority.IDLE && Files.isRegularFile(dir.resolve("cpu.idle"))) {
        Files.writeString(dir.resolve("cpu.idle"), "1", StandardCharsets.US_ASCII);
        describe = "cgroup " + dir + " (cpu.idle = 1: SCHED_IDLE)";
      } else {
        int shares = priority == CpuPriority.IDLE ? 2 : sharesOf(nice);
        Files.writeString(dir.resolve("cpu.shares"), Integer.toString(shares), StandardCharsets.US_ASCII);
        describe = "cgroup " + dir + " (cpu.shares = " + shares + (priority == CpuPriority.IDLE ? "" : ", the weight of nice " + nice) + ")";
      }
      RunnerCgroup group = new RunnerCgroup(dir, describe);
      Runtime.getRuntime().addShutdownHook(new Thread(group::remove, "tasklane-cpu-lane-cgroup-removal"));
      LOG.info("CPU lane priority: runner threads in {}; the rest of this worker keeps a normal share", describe);
      return Optional.of(group);
    } catch (IOException | RuntimeException refused) {
      LOG.info("CPU lane priority: cannot make a cpu cgroup for the runners ({}); falling back to nice values",
          refused.toString());
      return Optional.empty();
    }
  }

  /** Moves the calling thread into the group; false (it stays where it was) if refused. */
  boolean joinCurrentThread(String tid) {
    try {
      Files.writeString(dir.resolve("tasks"), tid, StandardCharsets.US_ASCII);
      return true;
    } catch (IOException refused) {
      LOG.debug("could not move thread {} into {}: {}", tid, dir, refused.toString());
      return false;
    }
  }

  String describe() {
    return describe;
  }

  Path dir() {
    return dir;
  }

  /** Moves the threads still in the group back to its parent and removes it (as the JVM exits). */
  void remove() {
    try {
      Path parentTasks = dir.getParent().resolve("tasks");
      Path tasks = dir.resolve("tasks");
      List<String> tids = Files.isRegularFile(tasks) ? Files.readAllLines(tasks, StandardCharsets.US_ASCII) : List.of();
      for (String tid : tids) {
        if (!tid.isBlank()) {
          try {
            Files.writeString(parentTasks, tid.trim(), StandardCharsets.US_ASCII);
          } catch (IOException gone) {
            // the thread ended meanwhile
          }
        }
      }
      Files.deleteIfExists(dir);
    } catch (IOException | RuntimeException e) {
      LOG.debug("could not remove {}: {}", dir, e.toString());
    }
  }

  /** Groups of this kind whose process is gone (a worker killed before it removed its own). */
  private static void removeStale(Path parent) {
    try (DirectoryStream<Path> groups = Files.newDirectoryStream(parent, PREFIX + "*")) {
      for (Path group : groups) {
        String pid = group.getFileName().toString().substring(PREFIX.length()).split("-")[0];
        try {
          if (ProcessHandle.of(Long.parseLong(pid)).isEmpty()) {
            Files.deleteIfExists(group);
          }
        } catch (IOException | NumberFormatException e) {
          LOG.debug("left {} as it is: {}", group, e.toString());
        }
      }
    } catch (IOException e) {
      LOG.debug("could not list {}: {}", parent, e.toString());
    }
  }
}
