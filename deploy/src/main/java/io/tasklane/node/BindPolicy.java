package io.tasklane.node;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;

/**
 * Whether a node may start in plain text. On loopback only this machine can reach it, so
 * {@code tasklane run} and {@code local up} need nothing; on any other address (0.0.0.0 included:
 * it listens on every interface) anyone who reaches the ports could read the traffic and join the
 * cluster, so the node wants {@code --tls-dir}, or {@code --insecure} as a deliberate choice.
 */
final class BindPolicy {

  enum Verdict {
    /** Loopback, or TLS. */
    START,
    /** Off loopback in plain text, as asked with --insecure: start, with a warning. */
    START_INSECURE,
    /** Off loopback in plain text without --insecure. */
    REFUSE
  }

  private BindPolicy() {}

  static Verdict verdict(boolean loopback, boolean tls, boolean insecure) {
    if (loopback || tls) {
      return Verdict.START;
    }
    return insecure ? Verdict.START_INSECURE : Verdict.REFUSE;
  }

  /**
   * Whether {@code host} is a loopback address (a name is resolved: {@code localhost} is). An
   * unresolvable name counts as not loopback: the node is meant to be reached from elsewhere.
   */
  static boolean isLoopback(String host) {
    try {
      String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
      return InetAddress.getByName(bare).isLoopbackAddress();
    } catch (UnknownHostException unknown) {
      return false;
    }
  }

  /** {@code TASKLANE_INSECURE}: 1, true or yes (any case) mean on. */
  static boolean truthy(String value) {
    if (value == null) {
      return false;
    }
    String text = value.trim().toLowerCase(Locale.ROOT);
    return text.equals("1") || text.equals("true") || text.equals("yes");
  }

  static String refusal(String host) {
    return "--host " + host + " is not a loopback address, and without TLS the cluster's traffic and the API would "
        + "travel in plain text, and any process that reaches the port could join the cluster. Set up TLS: "
        + "'tasklane certs init --dir tls --hosts " + host + ",...' (every node's address), copy the directory to "
        + "each node and start it with --tls-dir tls (env TASKLANE_TLS_DIR); clients then use --ca-file tls/ca.pem "
        + "(docs/security.md). To run in plain text anyway, on a network you trust, pass --insecure "
        + "(env TASKLANE_INSECURE=1).";
  }

  static String insecureWarning(String host) {
    return "--insecure: serving on " + host + " without TLS: cluster traffic and the API travel in plain text, and any "
        + "process that reaches the port can join the cluster (see 'tasklane certs init', docs/security.md)";
  }
}
