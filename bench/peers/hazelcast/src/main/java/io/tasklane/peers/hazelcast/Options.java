package io.tasklane.peers.hazelcast;

import java.util.ArrayList;
import java.util.List;

/** The driver's command line (bench/peers/hazelcast/run passes --cluster and --address). */
record Options(List<String> workloads, String cluster, String address, int runs, int warmups, int tasks, String w1Pool,
    int ioTasks, long cpuIterations, String w4Pool, boolean validateOnly) {

  static final String USAGE = """
      usage: run [W1] [W4] [options]   (both workloads when none is named)
        --runs N              measured runs per workload (default 3), after the warm-up runs
        --warmups N           throw-away runs before them (default 1)
        --tasks N             W1's no-op tasks (default 20000)
        --w1-pool w1|default  W1's executor: 'w1' (1 thread per member, default) or 'default' (16)
        --io-tasks N          W4's I/O tasks (default 200)
        --cpu-iterations N    W4's sha256 N (default: calibrated to ~1 s as Tasklane's bench does)
        --w4-pool lanes|shared  'lanes' (default): CPU tasks on 'cpu' (1 thread per member), I/O on 'io'
                              (1,000 per member); 'shared': both on the default executor (16 per member)""";

  static Options parse(String[] args) {
    List<String> workloads = new ArrayList<>();
    String cluster = null;
    String address = null;
    int runs = 3;
    int warmups = 1;
    int tasks = 20_000;
    String w1Pool = PeerConfig.W1;
    int ioTasks = 200;
    long cpuIterations = 0;
    String w4Pool = "lanes";
    boolean validateOnly = false;
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      switch (arg) {
        case "W1", "W4" -> {
          if (!workloads.contains(arg)) {
            workloads.add(arg);
          }
        }
        case "--validate-only" -> validateOnly = true;
        case "--cluster" -> cluster = value(args, ++i, arg);
        case "--address" -> address = value(args, ++i, arg);
        case "--runs" -> runs = positive(args, ++i, arg, 1);
        case "--warmups" -> warmups = positive(args, ++i, arg, 0);
        case "--tasks" -> tasks = positive(args, ++i, arg, 1);
        case "--io-tasks" -> ioTasks = positive(args, ++i, arg, 1);
        case "--cpu-iterations" -> cpuIterations = positive(args, ++i, arg, 1);
        case "--w1-pool" -> w1Pool = oneOf(args, ++i, arg, PeerConfig.W1, PeerConfig.DEFAULT);
        case "--w4-pool" -> w4Pool = oneOf(args, ++i, arg, "lanes", "shared");
        default -> throw new IllegalArgumentException("unknown argument '" + arg + "' (workloads: W1, W4)\n" + USAGE);
      }
    }
    if (!validateOnly && (cluster == null || address == null)) {
      throw new IllegalArgumentException("--cluster and --address are required (the run script passes them)");
    }
    if (workloads.isEmpty()) {
      workloads = List.of("W1", "W4");
    }
    return new Options(workloads, cluster, address, runs, warmups, tasks, w1Pool, ioTasks, cpuIterations, w4Pool, validateOnly);
  }

  private static String value(String[] args, int i, String name) {
    if (i >= args.length) {
      throw new IllegalArgumentException(name + " needs a value\n" + USAGE);
    }
    return args[i];
  }

  private static int positive(String[] args, int i, String name, int min) {
    String text = value(args, i, name);
    try {
      int n = Integer.parseInt(text);
      if (n >= min) {
        return n;
      }
    } catch (NumberFormatException ignored) {
      // reported below
    }
    throw new IllegalArgumentException(name + " needs a whole number >= " + min + ", not '" + text + "'");
  }

  private static String oneOf(String[] args, int i, String name, String... allowed) {
    String text = value(args, i, name);
    if (List.of(allowed).contains(text)) {
      return text;
    }
    throw new IllegalArgumentException(name + " is one of " + String.join(", ", allowed) + ", not '" + text + "'");
  }
}
