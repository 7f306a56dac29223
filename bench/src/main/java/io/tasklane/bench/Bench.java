package io.tasklane.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

/**
 * The benchmark (bench/run): starts a fresh local cluster with the distribution jar, runs the
 * workloads of bench/RESULTS.md against it (one warm-up, then N measured runs each), prints one
 * JSON line per workload on stdout, and stops the cluster, also on failure or Ctrl-C.
 */
public final class Bench {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final BenchOptions options;
  private final AtomicReference<LocalCluster> running = new AtomicReference<>();
  /** Each cluster's state dir and whether every workload on it was measured (kept for its logs if not). */
  private final Map<Path, Boolean> stateDirs = new java.util.LinkedHashMap<>();
  private final Kernel kernel = new Kernel();
  /** Whether this run trained the nodes' AOT cache already (once is enough; a failed one is not retried). */
  private boolean trained;

  private Bench(BenchOptions options) {
    this.options = options;
  }

  public static void main(String[] args) {
    BenchOptions options;
    try {
      options = BenchOptions.parse(args);
    } catch (BenchOptions.UsageException usage) {
      if (usage.getMessage().isEmpty()) {
        System.out.println(BenchOptions.USAGE);
        System.exit(0);
      }
      System.err.println("bench: " + usage.getMessage());
      System.err.println(BenchOptions.USAGE);
      System.exit(2);
      return;
    }
    System.exit(new Bench(options).run());
  }

  private int run() {
    if (!Files.isRegularFile(options.jar())) {
      System.err.println("bench: no distribution jar at " + options.jar() + ": build it first (bench/run does)");
      return 2;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      LocalCluster cluster = running.get();
      if (cluster != null) {
        cluster.down();
      }
    }, "bench-cluster-down"));
    LocalCluster.Launcher launcher = new LocalCluster.Launcher(javaBinary(), javaFlags(),
        options.jar().toAbsolutePath(), aotDir(System.getenv()));
    int exit = 0;
    String clusterKey = null;
    BenchContext context = null;
    try {
      for (String name : options.workloads()) {
        Workload workload = workload(name);
        Map<String, String> env = new HashMap<>(workload.nodeEnv());
        if (!options.aot()) {
          env.put("TASKLANE_AOT", "off"); // read by `local up`, which adds the cache options
        }
        if (!options.clusterWarmUp()) {
          env.put("TASKLANE_WARM_UP", "off"); // read by `local up` (jars before it ignore it: they have none)
        }
        String nodeOpts = (options.nodeOpts() + " " + workload.nodeOpts()).trim();
        env.put("TASKLANE_NODE_OPTS", nodeOpts);
        // W4 is defined for the default deployment: one worker process per machine.
        int workers = name.equals("W4") ? 1 : options.workers();
        String key = new java.util.TreeMap<>(env).toString() + " workers=" + workers;
        ObjectNode line = MAPPER.createObjectNode().put("workload", name);
        try {
          if (context == null || !key.equals(clusterKey)) {
            stopCluster();
            context = startCluster(launcher, env, workers);
            clusterKey = key;
          }
          String load = loadAverage();
          long started = System.nanoTime();
          workload.run(context, line);
          line.put("ok", true)
              .put("warmup_runs", options.warmups())
              .put("wall_s", Stats.round((System.nanoTime() - started) / 1e9, 1))
              .put("load_avg_before", load);
        } catch (BenchFailure | RuntimeException failed) {
          exit = 1;
          line.put("ok", false).put("error", failed.getMessage() + (context == null ? "" : deadNodes(context.cluster())));
          BenchContext.progress("%s failed: %s", name, failed);
          if (context != null) {
            stateDirs.put(context.cluster().stateDir(), false);
          } else if (!stateDirs.isEmpty()) {
            stateDirs.put(List.copyOf(stateDirs.keySet()).get(stateDirs.size() - 1), false);
          }
        }
        if (context != null) {
          describe(line, context);
        }
        if (exit != 0 && !line.path("ok").asBoolean()) {
          context = null; // the next workload gets a fresh cluster
        }
        System.out.println(line);
        System.out.flush();
      }
    } finally {
      stopCluster();
    }
    cleanUp();
    return exit;
  }

  private Workload workload(String name) {
    return switch (name) {
      case "W1" -> Throughput.w1();
      case "W1-large" -> Throughput.w1Large();
      case "W1-10M" -> Throughput.w1TenMillion();
      case "W2" -> new IoConcurrency();
      case "W3" -> CpuParallelism.w3();
      case "W3-1s" -> CpuParallelism.w3OneSecond();
      case "W4" -> new Isolation(options.w4Jobs(), options.w4Waiters());
      default -> throw new IllegalArgumentException(name);
    };
  }

  /**
   * The bench's own AOT cache directory, unless {@code TASKLANE_AOT_DIR} names one: a node
   * compiles early only what the cache's recording run compiled, so the cache that {@code local
   * up} shares (recorded by whichever cluster of this build ran first, perhaps one that ran
   * nothing) would make the figures depend on what happened before. The bench's is always
   * recorded by its own training run.
   */
  static Map<String, String> aotDir(Map<String, String> env) {
    if (env.containsKey("TASKLANE_AOT_DIR") && !env.get("TASKLANE_AOT_DIR").isBlank()) {
      return Map.of();
    }
    String xdg = env.get("XDG_CACHE_HOME");
    java.nio.file.Path home = xdg != null && !xdg.isBlank() ? java.nio.file.Path.of(xdg)
        : java.nio.file.Path.of(System.getProperty("user.home"), ".cache");
    return Map.of("TASKLANE_AOT_DIR", home.resolve("tasklane").resolve("aot-bench").toString());
  }

  private BenchContext startCluster(LocalCluster.Launcher launcher, Map<String, String> env, int workers)
      throws BenchFailure {
    Map<String, String> original = env;
    Path stateDir;
    try {
      stateDir = Files.createTempDirectory("tasklane-bench-");
    } catch (IOException failed) {
      throw new BenchFailure("cannot create a state dir: " + failed, failed);
    }
    stateDirs.put(stateDir, true);
    Path logs = stateDir.resolve("logs");
    try {
      Files.createDirectories(logs);
    } catch (IOException failed) {
      throw new BenchFailure("cannot create " + logs + ": " + failed, failed);
    }
    env = new HashMap<>(env);
    env.put("TASKLANE_NODE_OPTS", (env.getOrDefault("TASKLANE_NODE_OPTS", "") + " " + GcLog.option(logs)).trim());
    BenchContext.progress("starting a fresh local cluster: 1 coordinator + %d workers, state %s, node opts '%s'%s",
        workers, stateDir, env.get("TASKLANE_NODE_OPTS"),
        env.size() > 1 ? ", env " + new java.util.TreeMap<>(env) : "");
    LocalCluster cluster = LocalCluster.up(launcher, stateDir, workers, env);
    running.set(cluster);
    BenchApi api = new BenchApi(cluster.server(), cluster.token(), options.end(), options.pollMillis(), options.plainHttp());
    BenchContext context = new BenchContext(api, cluster, options.runs(), options.warmups(), kernel);
    if (AotTraining.recording(cluster) && !trained) {
      trained = true;
      BenchContext.progress("the nodes have no AOT cache for this jar and JDK yet: training run (W1 six times, W2 twice, "
          + "a short W4; not measured), then a fresh cluster that starts from the cache");
      try {
        AotTraining.run(context, new Isolation(options.w4Jobs()));
      } catch (BenchFailure failed) {
        // the measurement does not depend on it: go on with what the nodes wrote, or without
        BenchContext.progress("training failed (%s); measuring on a fresh cluster all the same", failed.getMessage());
      }
      stopCluster();
      return startCluster(launcher, original, workers);
    }
    return context;
  }

  private void stopCluster() {
    LocalCluster cluster = running.getAndSet(null);
    if (cluster != null) {
      BenchContext.progress("stopping the local cluster (%s)", cluster.stateDir());
      cluster.down();
    }
  }

  /** The figures every line carries: cluster shape, node JVM flags, java, how ends were learnt. */
  private void describe(ObjectNode line, BenchContext context) {
    LocalCluster cluster = context.cluster();
    line.putObject("cluster").put("coordinators", 1).put("workers", cluster.workerCount())
        .put("cores", BenchContext.cores());
    ObjectNode lanes = line.putObject("lane_capacity");
    for (JsonNode lane : context.api().cluster().path("lanes")) {
      lanes.withArray(lane.path("lane").asText("?")).add(lane.path("capacity").asInt());
    }
    ObjectNode flags = line.putObject("node_jvm_flags");
    cluster.jvmFlags().forEach((role, list) -> list.forEach(flags.withArray(role)::add));
    line.put("cluster_warm_up", options.clusterWarmUp()
            ? "local up's own (POST /api/cluster/warm-up: tasklane.coordinator.warm-up's unlisted no-op jobs, 8 x 20,000"
                + " by default) before the workload's warm-up runs, where the jar has it (see local up's output)"
            : "off (TASKLANE_WARM_UP=off)")
        .put("aot_cache", AotTraining.describe(cluster, trained))
        .put("java", Runtime.version().toString())
        .put("http_client", options.plainHttp()
            ? "plain: blocking HTTP/1.1 on kept-alive sockets for submits, appends and result streams (bench/PlainHttp)"
            : "jdk: java.net.http.HttpClient")
        .put("end_detection", "POST /api/jobs?wait=true for jobs of <= " + BenchApi.MAX_WAIT_TASKS
            + " tasks, else " + switch (options.end()) {
              case follow -> "GET /api/jobs/{id}/results?follow=true from the submit on (results stream in as "
                  + "tasks end; the stream ends with the job)";
              case poll -> "GET /api/jobs/{id} every " + options.pollMillis() + " ms; then GET /api/jobs/{id}/results streamed";
              case sse -> "the SSE push stream; then GET /api/jobs/{id}/results streamed";
            })
        .put("wait_supported", !context.api().waitMissing());
  }

  /** Nodes that have died or logged an OutOfMemoryError, with their logs; "" when none. */
  private static String deadNodes(LocalCluster cluster) {
    StringBuilder dead = new StringBuilder();
    for (LocalCluster.Node node : cluster.nodes()) {
      boolean alive = ProcessHandle.of(node.pid()).map(ProcessHandle::isAlive).orElse(false);
      Path log = cluster.stateDir().resolve("logs").resolve(node.log());
      boolean oom;
      try (Stream<String> lines = Files.lines(log)) {
        oom = lines.anyMatch(text -> text.contains("OutOfMemoryError"));
      } catch (IOException | java.io.UncheckedIOException unreadable) {
        oom = false;
      }
      if (alive && !oom) {
        continue;
      }
      dead.append(dead.isEmpty() ? " (" : "; ").append(node.role()).append(" pid ").append(node.pid())
          .append(alive ? "" : " has exited").append(oom ? (alive ? " logged" : " after") + " an OutOfMemoryError" : "")
          .append(", see ").append(log);
    }
    return dead.isEmpty() ? "" : dead.append(')').toString();
  }

  private static String loadAverage() {
    try {
      String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return String.join(" ", fields[0], fields[1], fields[2]);
    } catch (IOException | RuntimeException unknown) {
      return "unknown";
    }
  }

  private void cleanUp() {
    for (Map.Entry<Path, Boolean> entry : stateDirs.entrySet()) {
      Path dir = entry.getKey();
      if (options.keep() || !entry.getValue()) {
        BenchContext.progress("kept the cluster's state (logs, journal) in %s", dir);
        continue;
      }
      try (Stream<Path> files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
      } catch (IOException ignored) {
        BenchContext.progress("could not delete %s", dir);
      }
    }
  }

  private static String javaBinary() {
    return ProcessHandle.current().info().command()
        .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
  }

  private static List<String> javaFlags() {
    // Pekko still uses sun.misc.Unsafe; JDK 23+ warns about it unless allowed.
    return Runtime.version().feature() >= 23 ? List.of("--sun-misc-unsafe-memory-access=allow") : List.of();
  }
}
