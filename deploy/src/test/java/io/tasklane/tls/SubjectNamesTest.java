package io.tasklane.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class SubjectNamesTest {

  @Test
  void loopbackIsAlwaysNamedAndEachHostOnce() {
    assertThat(SubjectNames.withLoopback(List.of("10.0.0.1", " node-a.example.org ", "127.0.0.1", "", "10.0.0.1")))
        .containsExactly("127.0.0.1", "localhost", "10.0.0.1", "node-a.example.org");
  }

  @Test
  void addressesBecomeIpEntriesAndNamesDnsEntries() {
    assertThat(SubjectNames.keytoolExtension(List.of("127.0.0.1", "localhost", "10.0.0.1", "::1", "*.Tasklane.svc")))
        .isEqualTo("san=ip:127.0.0.1,dns:localhost,ip:10.0.0.1,ip:::1,dns:*.tasklane.svc");
  }

  @Test
  void aHostThatIsNeitherIsNamedInTheRefusal() {
    assertThatThrownBy(() -> SubjectNames.keytoolExtension(List.of("10.0.0.1", "bad host")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("'bad host' is neither an IP address nor a DNS name");
    assertThatThrownBy(() -> SubjectNames.keytoolExtension(List.of("300.1.1.1")))
        .hasMessageContaining("'300.1.1.1'");
    assertThatThrownBy(() -> SubjectNames.keytoolExtension(List.of("-leading.example")))
        .hasMessageContaining("'-leading.example'");
    assertThatThrownBy(() -> SubjectNames.keytoolExtension(List.of("a..b")))
        .hasMessageContaining("'a..b'");
  }

  @Test
  void coversMatchesAsAnHttpsClientDoes() {
    List<String> names = List.of("127.0.0.1", "localhost", "10.0.0.1", "0:0:0:0:0:0:0:1", "*.tasklane.svc");
    assertThat(SubjectNames.covers(names, "10.0.0.1")).isTrue();
    assertThat(SubjectNames.covers(names, "10.0.0.2")).isFalse();
    assertThat(SubjectNames.covers(names, "::1")).as("another spelling of the same address").isTrue();
    assertThat(SubjectNames.covers(names, "LOCALHOST")).isTrue();
    assertThat(SubjectNames.covers(names, "coordinator-0.tasklane.svc")).isTrue();
    assertThat(SubjectNames.covers(names, "a.coordinator-0.tasklane.svc")).as("one label only").isFalse();
    assertThat(SubjectNames.covers(names, "tasklane.svc")).isFalse();
    assertThat(SubjectNames.covers(names, "elsewhere.example")).isFalse();
  }
}
