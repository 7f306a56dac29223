package io.tasklane.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The command line: {@code Bench [--runs N] [--warmups N] [--node-opts "..."] [--workers N]
 * [--end follow|poll|sse] [--poll-ms N] [--w4 append|jobs] [--w4-waiters N] [--http plain|jdk] [--no-aot] [--keep] [--jar PATH]
 * [workload...]};
 * no workload = all, in the order of bench/RESULTS.md.
 */
record BenchOptions(List<String> workloads, int runs, int warmups, String nodeOpts, int workers,
    EndDetection end, long pollMillis, boolean keep, Path jar, boolean w4Jobs, boolean aot, boolean clusterWarmUp,
    int w4Waiters, boolean plainHttp) {

  /** The default set, in the order of bench/RESULTS.md. */
  static final List<String> ALL = List.of("W1", "W1-large", "W2", "W3", "W3-1s", "W4");
  /** Every workload, in that order: the default set and the ones run only when named (W1-10M takes minutes). */
  static final List<String> KNOWN = List.of("W1", "W1-large", "W1-10M", "W2", "W3", "W3-1s", "W4");
  static final String USAGE = """
      usage: bench/run [options] [workload...]
        workloads: W1 W1-large W2 W3 W3-1s W4 (none: all, in this order), and W1-10M
                          (10,000,000 noop tasks in one job, ~1 min a run: only when named)
        --runs N          measured runs per workload after the warm-up (default 3)
        --warmups N       throw-away runs of the same workload before them (default 1, as
                          the method prescribes; more shows the JIT-warm figures)
        --node-opts OPTS  extra JVM options for the nodes (default: env TASKLANE_NODE_OPTS)
        --workers N       worker JVMs (default 2)
        --end follow|poll|sse  how a job of more than 1,000 tasks is known to have ended:
                          follow = stream its results with GET /api/jobs/{id}/results?follow=true
                          from the submit on, the stream ends with the job (default); poll
                          GET /api/jobs/{id} or the SSE push stream, then fetch the results
        --poll-ms N       the poll interval (default 5)
        --w4 append|jobs  how W4 submits each task: appended to an open job (one for the
                          I/O tasks, one for the CPU tasks) with POST /api/jobs/{id}/tasks?wait=true
                          (default), or each as its own job with POST /api/jobs?wait=true
        --w4-waiters N    W4 with N more requests waiting on its I/O job all through each run
                          (appends of a sleep with wait, sent 3 ms apart before the run starts,
                          ending after it; default 0): the tail with thousands waiting
        --http plain|jdk  the bench's client for its submits, appends and result streams:
                          plain = blocking HTTP/1.1 on kept-alive sockets (default); jdk =
                          java.net.http.HttpClient and the client library, which cost the
                          client ~1.5-3 ms of CPU per request on two cores
        --no-aot          nodes without their AOT cache (TASKLANE_AOT=off). By default on a
                          JDK 25+, when the first cluster's nodes have no cache yet for this
                          jar and JDK, they record one in a training run (W1 x6, W2 x2, a
                          short W4, not measured) and the cluster is started again. The
                          bench keeps its cache in ${XDG_CACHE_HOME:-~/.cache}/tasklane/aot-bench
                          (or in TASKLANE_AOT_DIR when set), apart from the one local up shares
        --no-cluster-warm-up  start each cluster without `local up`'s own warm-up
                          (TASKLANE_WARM_UP=off): a few unlisted no-op jobs the cluster runs
                          before it reports up, so that its first job runs on compiled code.
                          The workload's own warm-up runs (--warmups) come after it either way
        --keep            keep the cluster's state dir (logs, journal) after a successful run
        --jar PATH        the distribution jar (default deploy/target/tasklane.jar)
      One JSON line per workload on stdout; progress on stderr. Exit 0 when every workload
      was measured, 1 when one failed, 2 for a usage error.""";

  static BenchOptions parse(String[] args) {
    List<String> workloads = new ArrayList<>();
    int runs = 3;
    int warmups = 1;
    String nodeOpts = System.getenv().getOrDefault("TASKLANE_NODE_OPTS", "");
    int workers = 2;
    EndDetection end = EndDetection.follow;
    long pollMillis = 5;
    boolean keep = false;
    Path jar = Path.of("deploy", "target", "tasklane.jar");
    boolean w4Jobs = false;
    boolean aot = true;
    boolean clusterWarmUp = true;
    int w4Waiters = 0;
    boolean plainHttp = true;
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      switch (arg) {
        case "--runs" -> runs = positive(arg, value(args, ++i, arg));
        case "--warmups" -> warmups = positive(arg, value(args, ++i, arg));
        case "--node-opts" -> nodeOpts = value(args, ++i, arg);
        case "--workers" -> workers = positive(arg, value(args, ++i, arg));
        case "--end" -> end = endDetection(value(args, ++i, arg));
        case "--poll-ms" -> pollMillis = positive(arg, value(args, ++i, arg));
        case "--keep" -> keep = true;
        case "--no-aot" -> aot = false;
        case "--no-cluster-warm-up" -> clusterWarmUp = false;
        case "--jar" -> jar = Path.of(value(args, ++i, arg));
        case "--w4" -> w4Jobs = switch (value(args, ++i, arg)) {
          case "append" -> false;
          case "jobs" -> true;
          default -> throw new UsageException("--w4 must be append or jobs, not " + args[i]);
        };
        case "--w4-waiters" -> w4Waiters = nonNegative(arg, value(args, ++i, arg));
        case "--http" -> plainHttp = switch (value(args, ++i, arg)) {
          case "plain" -> true;
          case "jdk" -> false;
          default -> throw new UsageException("--http must be plain or jdk, not " + args[i]);
        };
        case "-h", "--help" -> throw new UsageException("");
        default -> {
          String known = KNOWN.stream().filter(name -> name.equalsIgnoreCase(arg)).findFirst()
              .orElseThrow(() -> new UsageException("unknown workload or option: " + arg));
          if (!workloads.contains(known)) {
            workloads.add(known);
          }
        }
      }
    }
    List<String> ordered = workloads.isEmpty() ? ALL : KNOWN.stream().filter(workloads::contains).toList();
    return new BenchOptions(ordered, runs, warmups, nodeOpts.trim(), workers, end, pollMillis, keep, jar, w4Jobs, aot, clusterWarmUp,
        w4Waiters, plainHttp);
  }

  private static String value(String[] args, int index, String option) {
    if (index >= args.length) {
      throw new UsageException(option + " needs a value");
    }
    return args[index];
  }

  private static int positive(String option, String value) {
    try {
      int number = Integer.parseInt(value);
      if (number > 0) {
        return number;
      }
    } catch (NumberFormatException notANumber) {
      // below
    }
    throw new UsageException(option + " must be a positive integer, not " + value);
  }

  private static int nonNegative(String option, String value) {
    try {
      int number = Integer.parseInt(value);
      if (number >= 0) {
        return number;
      }
    } catch (NumberFormatException notANumber) {
      // below
    }
    throw new UsageException(option + " must be 0 or a positive integer, not " + value);
  }

  private static EndDetection endDetection(String value) {
    try {
      return EndDetection.valueOf(value);
    } catch (IllegalArgumentException unknown) {
      throw new UsageException("--end must be follow, poll or sse, not " + value);
    }
  }

  /** A usage error: the message (empty for --help) and the usage text, exit 2. */
  static final class UsageException extends RuntimeException {
    UsageException(String message) {
      super(message);
    }
  }
}
