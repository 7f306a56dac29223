package io.tasklane.peers.hazelcast;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The driver JVM: a Hazelcast (smart) client of the two members, which runs W1 and/or W4 the way
 * Tasklane's bench does and prints one JSON line per workload on stdout, progress on stderr.
 */
public final class Driver {

  static final String SYSTEM = "hazelcast 5.7.0";
  /** Kept referenced: java.util.logging holds loggers weakly, and a collected one loses its level. */
  private static final Logger HAZELCAST_LOG = Logger.getLogger("com.hazelcast");

  private Driver() {
  }

  public static void main(String[] args) {
    if (java.util.Arrays.asList(args).contains("--help") || java.util.Arrays.asList(args).contains("-h")) {
      System.out.println(Options.USAGE);
      System.exit(0);
    }
    Options options;
    try {
      options = Options.parse(args);
    } catch (IllegalArgumentException bad) {
      System.err.println("hazelcast-peer: " + bad.getMessage());
      System.exit(2);
      return;
    }
    if (options.validateOnly()) {
      System.exit(0);
    }
    HAZELCAST_LOG.setLevel(Level.WARNING);
    HazelcastInstance client = HazelcastClient.newHazelcastClient(PeerConfig.client(options.cluster(), options.address()));
    int rc = 0;
    try {
      List<Member> members = new ArrayList<>(client.getCluster().getMembers());
      if (members.size() != 2) {
        throw new IllegalStateException("expected a cluster of 2 members, found " + members.size());
      }
      progress("client connected to %s, %d cores", members, cores());
      for (String workload : options.workloads()) {
        Json line = switch (workload) {
          case "W1" -> new ThroughputW1(client, members, options).run();
          case "W4" -> new IsolationW4(client, members, options).run();
          default -> throw new IllegalStateException(workload);
        };
        System.out.println(line);
        System.out.flush();
      }
    } catch (Exception failed) {
      System.err.println("hazelcast-peer: failed: " + failed);
      failed.printStackTrace(System.err);
      rc = 1;
    } finally {
      client.shutdown();
    }
    System.exit(rc);
  }

  static int cores() {
    return Runtime.getRuntime().availableProcessors();
  }

  static void progress(String format, Object... args) {
    System.err.println("hazelcast-peer: " + String.format(Locale.ROOT, format, args));
    System.err.flush();
  }
}
