package io.tasklane.coordinator.connections;

import com.typesafe.config.Config;
import java.time.Duration;

/**
 * {@code tasklane.coordinator.http.connections}: how many connections the HTTP API keeps, and
 * how long one may stay open before it has sent a request that carries the token.
 *
 * @param max most connections open at once (authenticated or not)
 * @param maxUnauthenticated most connections open at once that have not yet sent a request with
 *     the token; past it the oldest such connection is closed to make room
 * @param maxUnauthenticatedPerAddress the same, for the connections from one client address
 * @param unauthenticatedTimeout a connection that has not sent a request with the token this long
 *     after it opened is closed (a half-sent request, a client that only connects)
 */
public record ConnectionLimits(int max, int maxUnauthenticated, int maxUnauthenticatedPerAddress,
    Duration unauthenticatedTimeout) {

  static final String PATH = "tasklane.coordinator.http.connections";

  public ConnectionLimits {
    if (max <= 0 || maxUnauthenticated <= 0 || maxUnauthenticatedPerAddress <= 0
        || maxUnauthenticated > max || maxUnauthenticatedPerAddress > maxUnauthenticated) {
      throw new IllegalArgumentException(PATH + ": max, max-unauthenticated and max-unauthenticated-per-address must "
          + "be positive, each at most the one before; not " + max + ", " + maxUnauthenticated + ", "
          + maxUnauthenticatedPerAddress);
    }
    if (unauthenticatedTimeout.isNegative() || unauthenticatedTimeout.isZero()) {
      throw new IllegalArgumentException(PATH + ".unauthenticated-timeout must be more than 0, not "
          + unauthenticatedTimeout);
    }
  }

  public static ConnectionLimits fromConfig(Config root) {
    Config c = root.getConfig(PATH);
    return new ConnectionLimits(c.getInt("max"), c.getInt("max-unauthenticated"),
        c.getInt("max-unauthenticated-per-address"), c.getDuration("unauthenticated-timeout"));
  }
}
