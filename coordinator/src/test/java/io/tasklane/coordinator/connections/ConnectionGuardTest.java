package io.tasklane.coordinator.connections;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ConnectionGuardTest {

  private static final InetAddress A = address("127.0.0.2");
  private static final InetAddress B = address("127.0.0.3");

  private final ConnectionGuard guard = new ConnectionGuard(new ConnectionLimits(6, 4, 2, Duration.ofSeconds(10)));

  @Test
  void aNewConnectionFromACrowdedAddressClosesThatAddresssOldestUnauthenticatedOne() {
    ConnectionGuard.Connection first = guard.admit(A).connection();
    ConnectionGuard.Connection second = guard.admit(A).connection();
    ConnectionGuard.Admission third = guard.admit(A);

    assertThat(third.connection()).isNotNull();
    assertThat(third.evicted()).containsExactly(first);
    assertThat(guard.admit(B).evicted()).as("another address has room").isEmpty();
    assertThat(guard.admit(A).evicted()).containsExactly(second);
    assertThat(guard.unauthenticated()).isEqualTo(3);
  }

  @Test
  void pastTheOverallUnauthenticatedBoundTheOldestOfAnyAddressIsClosed() {
    ConnectionGuard.Connection first = guard.admit(A).connection();
    guard.admit(B);
    guard.admit(address("127.0.0.4"));
    guard.admit(address("127.0.0.5"));

    ConnectionGuard.Admission fifth = guard.admit(address("127.0.0.6"));

    assertThat(fifth.connection()).isNotNull();
    assertThat(fifth.evicted()).containsExactly(first);
    assertThat(guard.unauthenticated()).isEqualTo(4);
  }

  @Test
  void authenticatedConnectionsAreNeverEvictedAndOnlyRefuseNewOnesWhenTheyFillEverything() {
    List<ConnectionGuard.Connection> kept = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      ConnectionGuard.Admission admission = guard.admit(i % 2 == 0 ? A : B);
      assertThat(admission.evicted()).isEmpty();
      guard.authenticated(admission.connection());
      kept.add(admission.connection());
    }
    assertThat(guard.unauthenticated()).isZero();

    ConnectionGuard.Admission refused = guard.admit(A);
    assertThat(refused.connection()).isNull();
    assertThat(refused.evicted()).isEmpty();

    guard.ended(kept.get(0));
    assertThat(guard.admit(A).connection()).as("room again once one ended").isNotNull();
  }

  @Test
  void whenAuthenticatedOnesFillAllButOneTheNewcomerTakesThePlaceOfTheUnauthenticatedOne() {
    for (int i = 0; i < 5; i++) {
      guard.authenticated(guard.admit(B).connection());
    }
    ConnectionGuard.Connection stalled = guard.admit(A).connection();

    ConnectionGuard.Admission next = guard.admit(A);

    assertThat(next.connection()).isNotNull();
    assertThat(next.evicted()).containsExactly(stalled);
    assertThat(guard.open()).isEqualTo(6);
  }

  @Test
  void onlyAConnectionStillUnauthenticatedExpires() {
    ConnectionGuard.Connection stalled = guard.admit(A).connection();
    ConnectionGuard.Connection client = guard.admit(A).connection();
    guard.authenticated(client);

    assertThat(guard.expired(stalled)).isTrue();
    assertThat(guard.expired(client)).isFalse();
    assertThat(guard.expired(stalled)).as("once").isFalse();
    guard.ended(stalled);
    assertThat(guard.open()).isEqualTo(1);
    guard.ended(client);
    guard.ended(client);
    assertThat(guard.open()).isZero();
  }

  @Test
  void closeRunsTheServersCloserOnceItIsKnownEvenIfAskedBefore() {
    AtomicInteger closed = new AtomicInteger();
    ConnectionGuard.Connection early = guard.admit(A).connection();
    early.close();
    assertThat(closed).hasValue(0);
    early.onClose(closed::incrementAndGet);
    assertThat(closed).hasValue(1);

    ConnectionGuard.Connection late = guard.admit(B).connection();
    late.onClose(closed::incrementAndGet);
    late.close();
    assertThat(closed).hasValue(2);
  }

  @Test
  void limitsThatContradictEachOtherAreRefusedNamingTheSettings() {
    assertThatThrownBy(() -> new ConnectionLimits(10, 20, 5, Duration.ofSeconds(1)))
        .hasMessageContaining("tasklane.coordinator.http.connections").hasMessageContaining("max-unauthenticated");
    assertThatThrownBy(() -> new ConnectionLimits(10, 5, 5, Duration.ZERO))
        .hasMessageContaining("unauthenticated-timeout");
  }

  private static InetAddress address(String text) {
    try {
      return InetAddress.getByName(text);
    } catch (java.net.UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }
}
