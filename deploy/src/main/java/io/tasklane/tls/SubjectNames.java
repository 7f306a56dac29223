package io.tasklane.tls;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The names a node certificate is for (its subject alternative names): IP addresses and DNS names
 * (a leading {@code *.} allowed), read from {@code --hosts} and matched against an address the way
 * an HTTPS client does. Loopback is always named, so a cluster on one machine works too.
 */
final class SubjectNames {

  /** Always in the certificate: nodes and clients on one machine. */
  static final List<String> LOOPBACK = List.of("127.0.0.1", "localhost");

  private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
  private static final Pattern DNS_LABEL = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?");
  private static final int MAX_DNS_NAME = 253;
  private static final int SAN_DNS = 2;
  private static final int SAN_IP = 7;

  private SubjectNames() {}

  /** The hosts given plus loopback, in order, each once. */
  static List<String> withLoopback(List<String> hosts) {
    Set<String> names = new LinkedHashSet<>(LOOPBACK);
    for (String host : hosts) {
      String name = host.trim();
      if (!name.isEmpty()) {
        names.add(name);
      }
    }
    return List.copyOf(names);
  }

  /**
   * keytool's {@code -ext san=...} value: {@code ip:} for addresses, {@code dns:} for names.
   *
   * @throws IllegalArgumentException naming a host that is neither
   */
  static String keytoolExtension(List<String> hosts) {
    List<String> entries = new ArrayList<>();
    for (String host : hosts) {
      if (isIpLiteral(host)) {
        entries.add("ip:" + host);
      } else if (isDnsName(host)) {
        entries.add("dns:" + host.toLowerCase(Locale.ROOT));
      } else {
        throw new IllegalArgumentException("'" + host + "' is neither an IP address nor a DNS name");
      }
    }
    return "san=" + String.join(",", entries);
  }

  /** The certificate's names, IPs as text, DNS names lowercased. */
  static List<String> of(X509Certificate certificate) {
    List<String> names = new ArrayList<>();
    try {
      Collection<List<?>> entries = certificate.getSubjectAlternativeNames();
      if (entries != null) {
        for (List<?> entry : entries) {
          int type = (Integer) entry.get(0);
          if (type == SAN_DNS || type == SAN_IP) {
            names.add(entry.get(1).toString().toLowerCase(Locale.ROOT));
          }
        }
      }
    } catch (CertificateParsingException unreadable) {
      return List.of();
    }
    return names;
  }

  /** Whether an HTTPS client that reaches {@code host} accepts a certificate for {@code names}. */
  static boolean covers(List<String> names, String host) {
    if (isIpLiteral(host)) {
      InetAddress address = literal(host);
      return names.stream().filter(SubjectNames::isIpLiteral).map(SubjectNames::literal).anyMatch(address::equals);
    }
    String wanted = host.toLowerCase(Locale.ROOT);
    for (String name : names) {
      if (name.equals(wanted)) {
        return true;
      }
      if (name.startsWith("*.") && wanted.indexOf('.') > 0
          && wanted.substring(wanted.indexOf('.')).equals(name.substring(1))) {
        return true;
      }
    }
    return false;
  }

  static boolean isIpLiteral(String host) {
    if (IPV4.matcher(host).matches()) {
      for (String part : host.split("\\.")) {
        if (Integer.parseInt(part) > 255) {
          return false;
        }
      }
      return true;
    }
    return host.contains(":") && literal(host) != null;
  }

  private static boolean isDnsName(String host) {
    String name = host.startsWith("*.") ? host.substring(2) : host;
    if (name.isEmpty() || name.length() > MAX_DNS_NAME || IPV4.matcher(name).matches()) {
      return false;
    }
    for (String label : name.split("\\.", -1)) {
      if (!DNS_LABEL.matcher(label).matches()) {
        return false;
      }
    }
    return true;
  }

  /** An IP literal parsed without a DNS lookup; null if it is not one. */
  private static InetAddress literal(String host) {
    String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    if (!IPV4.matcher(bare).matches() && !bare.contains(":")) {
      return null; // a name: getByName would look it up
    }
    try {
      return InetAddress.getByName(bare);
    } catch (UnknownHostException notAnAddress) {
      return null;
    }
  }
}
