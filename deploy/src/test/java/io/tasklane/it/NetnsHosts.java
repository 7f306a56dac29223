package io.tasklane.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Separate hosts on one machine, made of Linux network namespaces: a namespace holding only a
 * bridge ({@code br0}), and one namespace per host, joined to the bridge by a veth pair, with its
 * own address in {@link #SUBNET}. The root namespace is not touched: no address, no route, no
 * interface. Programs run on a host with {@code ip netns exec} (the file system is shared, so the
 * JVM and the jar are the same files).
 *
 * <p>Namespaces are named {@code tlmh-<pid>-<name>}, {@code <pid>} being the test JVM's. {@link
 * #close} (also run by a JVM shutdown hook, for a test killed midway) kills every process inside
 * them and deletes them; {@link #create} first removes those left by earlier runs whose JVM is
 * gone. Needs root (CAP_SYS_ADMIN and CAP_NET_ADMIN) and iproute2.
 */
final class NetnsHosts implements AutoCloseable {

  static final String PREFIX = "tlmh-";
  static final String SUBNET = "10.77.0.";
  private static final String BRIDGE = "br0";

  private final String run = PREFIX + ProcessHandle.current().pid() + "-";
  private final String bridge = run + "br";
  private final Map<String, Integer> hosts = new LinkedHashMap<>();
  private final Thread hook = new Thread(this::teardown, "netns-teardown");
  private boolean closed;

  private NetnsHosts() {}

  /**
   * The bridge namespace, after removing what crashed runs left. Throws {@link Unavailable} when
   * this process may not make namespaces (not root, no iproute2), saying so.
   */
  static NetnsHosts create() throws Exception {
    probe();
    cleanStale();
    NetnsHosts hosts = new NetnsHosts();
    Runtime.getRuntime().addShutdownHook(hosts.hook);
    try {
      ip("netns", "add", hosts.bridge);
      ip("-n", hosts.bridge, "link", "set", "lo", "up");
      ip("-n", hosts.bridge, "link", "add", BRIDGE, "type", "bridge");
      ip("-n", hosts.bridge, "link", "set", BRIDGE, "up");
    } catch (Exception | AssertionError failed) {
      hosts.close();
      throw failed;
    }
    return hosts;
  }

  /** Adds host {@code name} with address {@code 10.77.0.<octet>}; returns the address. */
  synchronized String add(String name, int octet) throws Exception {
    String namespace = namespace(name);
    String veth = "v" + octet;
    ip("netns", "add", namespace);
    hosts.put(name, octet);
    ip("-n", namespace, "link", "set", "lo", "up");
    ip("-n", bridge, "link", "add", veth, "type", "veth", "peer", "name", "eth0", "netns", namespace);
    ip("-n", bridge, "link", "set", veth, "master", BRIDGE);
    ip("-n", bridge, "link", "set", veth, "up");
    ip("-n", namespace, "addr", "add", SUBNET + octet + "/24", "dev", "eth0");
    ip("-n", namespace, "link", "set", "eth0", "up");
    return SUBNET + octet;
  }

  /** Cuts host {@code name} off: its link to the bridge goes down (packets to and from it are lost). */
  void cut(String name) throws Exception {
    ip("-n", bridge, "link", "set", "v" + hosts.get(name), "down");
  }

  /** Undoes {@link #cut}. */
  void heal(String name) throws Exception {
    ip("-n", bridge, "link", "set", "v" + hosts.get(name), "up");
  }

  /** {@code command} run on host {@code name}. */
  List<String> on(String name, List<String> command) {
    List<String> wrapped = new ArrayList<>(List.of("ip", "netns", "exec", namespace(name)));
    wrapped.addAll(command);
    return wrapped;
  }

  String namespace(String name) {
    return run + name;
  }

  /** Kills what runs on the hosts and deletes their namespaces and the bridge's. Idempotent. */
  @Override
  public synchronized void close() {
    teardown();
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      // the hook runs or ran
    }
  }

  /** Namespaces of this machine that start with {@link #PREFIX} (any run's). */
  static List<String> ours() throws Exception {
    List<String> names = new ArrayList<>();
    for (String line : ip("netns", "list").split("\n")) {
      String name = line.trim().split("\\s+")[0];
      if (name.startsWith(PREFIX)) {
        names.add(name);
      }
    }
    return names;
  }

  private synchronized void teardown() {
    if (closed) {
      return;
    }
    closed = true;
    List<String> namespaces = new ArrayList<>();
    hosts.keySet().forEach(name -> namespaces.add(namespace(name)));
    namespaces.add(bridge);
    namespaces.forEach(NetnsHosts::remove);
  }

  private static void probe() throws Exception {
    String name = PREFIX + ProcessHandle.current().pid() + "-probe";
    Result added;
    try {
      added = exec(List.of("ip", "netns", "add", name));
    } catch (IOException noIp) {
      throw new Unavailable("no 'ip' command (install iproute2): " + noIp.getMessage());
    }
    if (added.code() != 0) {
      throw new Unavailable("'ip netns add' failed (" + added.output().strip() + "): network namespaces need root "
          + "(CAP_SYS_ADMIN, CAP_NET_ADMIN); CI runs as root");
    }
    remove(name);
  }

  /** Removes namespaces of earlier runs whose test JVM is gone (crashed, killed). */
  private static void cleanStale() throws Exception {
    for (String name : ours()) {
      String[] parts = name.substring(PREFIX.length()).split("-", 2);
      boolean owned = parts.length == 2 && parts[0].matches("\\d+") && Processes.alive(Long.parseLong(parts[0]));
      if (!owned) {
        System.out.println("[NetnsHosts] removing namespace " + name + " left by an earlier run");
        remove(name);
      }
    }
  }

  /** Kills every process in the namespace, waits for them to end, deletes it. Never throws. */
  private static void remove(String namespace) {
    try {
      for (String pid : exec(List.of("ip", "netns", "pids", namespace)).output().split("\\s+")) {
        if (pid.matches("\\d+")) {
          ProcessHandle.of(Long.parseLong(pid)).ifPresent(process -> {
            process.destroyForcibly();
            try {
              process.onExit().get(10, TimeUnit.SECONDS);
            } catch (Exception slow) {
              System.out.println("[NetnsHosts] pid " + pid + " in " + namespace + " did not end: " + slow);
            }
          });
        }
      }
      Result deleted = exec(List.of("ip", "netns", "delete", namespace));
      if (deleted.code() != 0 && !deleted.output().contains("No such file")) {
        System.out.println("[NetnsHosts] could not delete " + namespace + ": " + deleted.output());
      }
    } catch (Exception failed) {
      System.out.println("[NetnsHosts] could not remove " + namespace + ": " + failed);
    }
  }

  /** Runs {@code ip args…}; its output, or an AssertionError naming the command and what it said. */
  static String ip(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("ip"));
    command.addAll(List.of(args));
    Result result = exec(command);
    if (result.code() != 0) {
      throw new AssertionError(String.join(" ", command) + " failed (" + result.code() + "): " + result.output());
    }
    return result.output();
  }

  private record Result(int code, String output) {}

  private static Result exec(List<String> command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IOException(String.join(" ", command) + " did not end within 30 s");
    }
    return new Result(process.exitValue(), output);
  }

  /** Namespaces cannot be made here; the message says why. */
  static final class Unavailable extends Exception {
    Unavailable(String message) {
      super(message);
    }
  }
}
