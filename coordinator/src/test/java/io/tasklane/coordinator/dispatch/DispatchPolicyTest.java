package io.tasklane.coordinator.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import io.tasklane.coordinator.dispatch.DispatchPolicy.Grant;
import io.tasklane.coordinator.dispatch.DispatchPolicy.Pull;
import io.tasklane.coordinator.dispatch.DispatchPolicy.Used;
import io.tasklane.protocol.Lane;
import java.util.List;
import org.junit.jupiter.api.Test;

class DispatchPolicyTest {

  private static int granted(List<Pull<String>> pulls, String ref) {
    return pulls.stream().flatMap(p -> p.grants().stream()).filter(g -> g.ref().equals(ref)).mapToInt(Grant::max).sum();
  }

  @Test
  void lendsNeverMoreThanTheLaneOffered() {
    DispatchPolicy<String> policy = new DispatchPolicy<>(1000);
    policy.register("a", "w1", Lane.IO, 1000);
    policy.offer("a", 300);
    policy.jobHasWork("j1", Lane.IO);
    List<Pull<String>> pulls = policy.plan(Lane.IO);
    assertThat(granted(pulls, "a")).isEqualTo(300);
    // nothing left to lend until the pull is answered or the lane offers more
    policy.jobHasWork("j2", Lane.IO);
    assertThat(policy.plan(Lane.IO)).isEmpty();
    assertThat(policy.lanes().get(0).credit()).isZero();
  }

  @Test
  void offersBeyondCapacityAreCapped() {
    DispatchPolicy<String> policy = new DispatchPolicy<>(5000);
    policy.register("a", "w1", Lane.CPU, 2);
    policy.offer("a", 2);
    policy.offer("a", 2);
    policy.jobHasWork("j1", Lane.CPU);
    assertThat(granted(policy.plan(Lane.CPU), "a")).isEqualTo(2);
  }

  @Test
  void grantsAreBatchesOfAtMostMaxBatch() {
    DispatchPolicy<String> policy = new DispatchPolicy<>(100);
    policy.register("a", "w1", Lane.IO, 1000);
    policy.offer("a", 1000);
    policy.jobHasWork("j1", Lane.IO);
    List<Pull<String>> pulls = policy.plan(Lane.IO);
    assertThat(pulls).hasSize(1);
    assertThat(pulls.get(0).grants()).singleElement().satisfies(g -> assertThat(g.max()).isEqualTo(100));
  }

  @Test
  void unusedCreditComesBackAndTheJobIsAskedAgainWhileItHasMore() {
    DispatchPolicy<String> policy = new DispatchPolicy<>(1000);
    policy.register("a", "w1", Lane.IO, 100);
    policy.offer("a", 100);
    policy.jobHasWork("j1", Lane.IO);
    Pull<String> pull = policy.plan(Lane.IO).get(0);
    policy.pulled("j1", Lane.IO, List.of(new Used<>("a", 100, 40)), false);
    assertThat(policy.lanes().get(0).credit()).isEqualTo(60);
    assertThat(policy.plan(Lane.IO)).isEmpty();
    policy.jobHasWork("j1", Lane.IO);
    assertThat(granted(policy.plan(Lane.IO), "a")).isEqualTo(60);
    assertThat(pull.jobId()).isEqualTo("j1");
  }

  @Test
  void lanesAreKeptApart() {
    DispatchPolicy<String> policy = new DispatchPolicy<>(1000);
    policy.register("io", "w1", Lane.IO, 1000);
    policy.register("cpu", "w1", Lane.CPU, 2);
    policy.offer("io", 1000);
    policy.offer("cpu", 2);
    policy.jobHasWork("j1", Lane.CPU);
    List<Pull<String>> pulls = policy.plan(Lane.CPU);
    assertThat(pulls).singleElement().satisfies(p -> {
      assertThat(p.lane()).isEqualTo(Lane.CPU);
      assertThat(p.grants()).extracting(Grant::ref).containsOnly("cpu");
    });
    assertThat(policy.plan(Lane.IO)).isEmpty();
  }

  @Test
  void readyJobsShareALaneEvenly() {
    DispatchPolicy<String> policy = new DispatchPolicy<>(1000);
    policy.register("a", "w1", Lane.IO, 1000);
    policy.offer("a", 1000);
    policy.jobHasWork("big", Lane.IO);
    policy.jobHasWork("small", Lane.IO);
    List<Pull<String>> pulls = policy.plan(Lane.IO);
    assertThat(pulls).hasSize(2);
    assertThat(pulls).allSatisfy(p -> assertThat(p.grants().get(0).max()).isEqualTo(500));
  }

  @Test
  void aLostPullGivesItsCreditBack() {
    DispatchPolicy<String> policy = new DispatchPolicy<>(1000);
    policy.register("a", "w1", Lane.IO, 10);
    policy.offer("a", 10);
    policy.jobHasWork("j1", Lane.IO);
    Pull<String> pull = policy.plan(Lane.IO).get(0);
    policy.pullLost(pull);
    assertThat(granted(policy.plan(Lane.IO), "a")).isEqualTo(10);
  }

  @Test
  void aRemovedLaneIsNeverLentAgain() {
    DispatchPolicy<String> policy = new DispatchPolicy<>(1000);
    policy.register("a", "w1", Lane.IO, 10);
    policy.offer("a", 10);
    policy.remove("a");
    policy.jobHasWork("j1", Lane.IO);
    assertThat(policy.plan(Lane.IO)).isEmpty();
  }
}
