package io.tasklane.coordinator.connections;

import java.net.InetAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decides which HTTP connections stay open, so that clients that connect and stall (a half-sent
 * request, thousands of them) cannot lock out clients that hold the token. A connection is
 * <em>unauthenticated</em> until it sends a request with the token; such connections are
 * bounded overall and per client address, and when a new one would pass a bound the oldest
 * one (of that address, or overall) is closed instead: a stalled connection has had its time,
 * a new one may be a real client about to send its request. Authenticated connections count only
 * against the overall bound; when only they fill it, a new connection is refused.
 *
 * <p>Plain Java, thread-safe (one short lock): the server calls it from its connection streams.
 * Closing itself is the caller's ({@link Connection#close}).
 */
public final class ConnectionGuard {

  /** One accepted connection. */
  public static final class Connection {
    private final long id;
    private final InetAddress address;
    private boolean authenticated;
    private boolean closing;
    private Runnable closer;

    private Connection(long id, InetAddress address) {
      this.id = id;
      this.address = address;
    }

    public InetAddress address() {
      return address;
    }

    /** How the server ends this connection; run at once if it was asked to close already. */
    public void onClose(Runnable close) {
      boolean now;
      synchronized (this) {
        closer = close;
        now = closing;
      }
      if (now) {
        close.run();
      }
    }

    /** Ends the connection (now, or as soon as the server said how). */
    public void close() {
      Runnable now;
      synchronized (this) {
        closing = true;
        now = closer;
      }
      if (now != null) {
        now.run();
      }
    }

    @Override
    public String toString() {
      return "connection " + id + " from " + address.getHostAddress();
    }
  }

  /**
   * What {@link #admit} decided.
   *
   * @param connection the new connection, or null when it is refused (close it at once)
   * @param evicted unauthenticated connections to close to make room for it
   */
  public record Admission(Connection connection, List<Connection> evicted) {
    public Admission {
      evicted = List.copyOf(evicted);
    }
  }

  private final ConnectionLimits limits;
  private final LinkedHashMap<Long, Connection> unauthenticated = new LinkedHashMap<>();
  private final Map<InetAddress, ArrayDeque<Connection>> byAddress = new HashMap<>();
  private long nextId;
  private int open;

  public ConnectionGuard(ConnectionLimits limits) {
    this.limits = limits;
  }

  /** A connection from {@code address} was accepted. */
  public synchronized Admission admit(InetAddress address) {
    List<Connection> evicted = new ArrayList<>();
    ArrayDeque<Connection> same = byAddress.get(address);
    if (same != null && same.size() >= limits.maxUnauthenticatedPerAddress()) {
      evicted.add(evict(same.peekFirst()));
    }
    if (unauthenticated.size() >= limits.maxUnauthenticated()) {
      evicted.add(evict(oldest()));
    }
    if (open >= limits.max()) {
      if (unauthenticated.isEmpty()) {
        return new Admission(null, evicted);
      }
      evicted.add(evict(oldest()));
    }
    Connection connection = new Connection(nextId++, address);
    open++;
    unauthenticated.put(connection.id, connection);
    byAddress.computeIfAbsent(address, any -> new ArrayDeque<>()).addLast(connection);
    return new Admission(connection, evicted);
  }

  /** The connection sent a request with the token: it no longer counts as unauthenticated. */
  public synchronized void authenticated(Connection connection) {
    if (!connection.authenticated && unauthenticated.containsKey(connection.id)) {
      forget(connection);
      connection.authenticated = true;
    }
  }

  /**
   * The unauthenticated timeout of the connection passed: true if it is still unauthenticated
   * (the caller closes it), false if it sent the token meanwhile or is gone.
   */
  public synchronized boolean expired(Connection connection) {
    if (unauthenticated.containsKey(connection.id)) {
      forget(connection);
      open--;
      return true;
    }
    return false;
  }

  /** The connection ended (closed by either side). */
  public synchronized void ended(Connection connection) {
    if (unauthenticated.containsKey(connection.id)) {
      forget(connection);
      open--;
    } else if (connection.authenticated) {
      connection.authenticated = false;
      open--;
    }
  }

  /** Connections counted as open now. */
  public synchronized int open() {
    return open;
  }

  /** Of those, the ones that have not sent the token yet. */
  public synchronized int unauthenticated() {
    return unauthenticated.size();
  }

  private Connection oldest() {
    Iterator<Connection> first = unauthenticated.values().iterator();
    return first.next();
  }

  /** Stops counting an unauthenticated connection about to be closed. */
  private Connection evict(Connection connection) {
    forget(connection);
    open--;
    return connection;
  }

  private void forget(Connection connection) {
    unauthenticated.remove(connection.id);
    ArrayDeque<Connection> same = byAddress.get(connection.address);
    if (same != null) {
      same.remove(connection);
      if (same.isEmpty()) {
        byAddress.remove(connection.address);
      }
    }
  }
}
