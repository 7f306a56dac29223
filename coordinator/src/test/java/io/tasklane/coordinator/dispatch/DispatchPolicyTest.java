package io.tasklane.coordinator.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import io.tasklane.coordinator.dispatch.DispatchPolicy.Grant;
import io.tasklane.coordinator.dispatch.DispatchPolicy.Pull;
import io.tasklane.coordinator.dispatch.DispatchPolicy.Used;
import io.tasklane.protocol.Lane;
import io.tasklane.protocol.dispatch.TaskKind;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DispatchPolicyTest {

  private static final Set<TaskKind> NOOP = Set.of(TaskKind.fixed("noop"));

  /** A lane whose node offers noop. */
  private static void register(DispatchPolicy<String> policy, String ref, String worker, Lane lane, int capacity) {
    policy.register(ref, worker, lane, capacity);
    policy.takes(ref, NOOP);
  }

  private static int granted(List<Pull<String>> pulls, String ref) {
    return pulls.stream().flatMap(p -> p.grants().stream()).filter(g -> g.ref().equals(ref)).mapToInt(Grant::max).sum();
  }

  @Test
  void lendsNeverMoreThanTheLaneOffered() {
    DispatchPolicy<String> policy = new DispatchPolicy<>(1000);
    register(policy, "a", "w1", Lane.IO, 1000);
    policy.offer("a", 300);
    policy.jobHasWork("j1", Lane.IO, NOOP);
    List<Pull<String>> pulls = policy.plan(Lane.IO);
    assertThat(granted(pulls, "a")).isEqualTo(300);
    // nothing left to lend until the pull is answered or the lane offers more
    policy.jobHasWork("j2", Lane.IO, NOOP);
    assertThat(policy.plan(Lane.IO)).isEmpty();
    assertThat(policy.lanes().get(0).credit()).isZero();
  }

  @Test
  void offersBeyondCapacityAreCapped() {
    DispatchPolicy<String> policy = new DispatchPolicy<>(5000);
    register(policy, "a", "w1", Lane.CPU, 2);
    policy.offer("a", 2);
    policy.offer("a", 2);
    policy.jobHasWork("j1", Lane.CPU, NOOP);
    assertThat(granted(policy.plan(Lane.CPU), "a")).isEqualTo(2);
  }

  @Test
  void grantsAreBatchesOfAtMostMaxBatch() {
    DispatchPolicy<String> policy = new DispatchPolicy<>(100);
    register(policy, "a", "w1", Lane.IO, 1000);
    policy.offer("a", 1000);
    policy.jobHasWork("j1", Lane.IO, NOOP);
    List<Pull<String>> pulls = policy.plan(Lane.IO);
    assertThat(pulls).hasSize(1);
    assertThat(pulls.get(0).grants()).singleElement().satisfies(g -> assertThat(g.max()).isEqualTo(100));
  }

  @Test
  void unusedCreditComesBackAndTheJobIsAskedAgainWhileItHasMore() {
    DispatchPolicy<String> policy = new DispatchPolicy<>(1000);
    register(policy, "a", "w1", Lane.IO, 100);
    policy.offer("a", 100);
    policy.jobHasWork("j1", Lane.IO, NOOP);
    Pull<String> pull = policy.plan(Lane.IO).get(0);
    policy.pulled("j1", Lane.IO, List.of(new Used<>("a", 100, 40)), Set.of());
    assertThat(policy.lanes().get(0).credit()).isEqualTo(60);
    assertThat(policy.plan(Lane.IO)).isEmpty();
    policy.jobHasWork("j1", Lane.IO, NOOP);
    assertThat(granted(policy.plan(Lane.IO), "a")).isEqualTo(60);
    assertThat(pull.jobId()).isEqualTo("j1");
  }

  @Test
  void lanesAreKeptApart() {
    DispatchPolicy<String> policy = new DispatchPolicy<>(1000);
    register(policy, "io", "w1", Lane.IO, 1000);
    register(policy, "cpu", "w1", Lane.CPU, 2);
    policy.offer("io", 1000);
    policy.offer("cpu", 2);
    policy.jobHasWork("j1", Lane.CPU, NOOP);
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
    register(policy, "a", "w1", Lane.IO, 1000);
    policy.offer("a", 1000);
    policy.jobHasWork("big", Lane.IO, NOOP);
    policy.jobHasWork("small", Lane.IO, NOOP);
    List<Pull<String>> pulls = policy.plan(Lane.IO);
    assertThat(pulls).hasSize(2);
    assertThat(pulls).allSatisfy(p -> assertThat(p.grants().get(0).max()).isEqualTo(500));
  }

  @Test
  void aLostPullGivesItsCreditBack() {
    DispatchPolicy<String> policy = new DispatchPolicy<>(1000);
    register(policy, "a", "w1", Lane.IO, 10);
    policy.offer("a", 10);
    policy.jobHasWork("j1", Lane.IO, NOOP);
    Pull<String> pull = policy.plan(Lane.IO).get(0);
    policy.pullLost(pull);
    assertThat(granted(policy.plan(Lane.IO), "a")).isEqualTo(10);
  }

  @Test
  void aRemovedLaneIsNeverLentAgain() {
    DispatchPolicy<String> policy = new DispatchPolicy<>(1000);
    register(policy, "a", "w1", Lane.IO, 10);
    policy.offer("a", 10);
    policy.remove("a");
    policy.jobHasWork("j1", Lane.IO, NOOP);
    assertThat(policy.plan(Lane.IO)).isEmpty();
  }

  @Test
  void aLaneRemembersAJobFromTheMomentItLendsItCredit() {
    DispatchPolicy<String> policy = new DispatchPolicy<>(1000);
    register(policy, "a", "w1", Lane.IO, 10);
    policy.offer("a", 10);
    policy.jobHasWork("j1", Lane.IO, NOOP);
    policy.plan(Lane.IO);
    // the lane dies before the job answered: the job must still be told
    assertThat(policy.remove("a").jobsSeen()).containsExactly("j1");
  }

  @Test
  void slotsUsedByALateAnswerAreTakenFromTheCredit() {
    DispatchPolicy<String> policy = new DispatchPolicy<>(1000);
    register(policy, "a", "w1", Lane.IO, 10);
    policy.offer("a", 10);
    policy.jobHasWork("j1", Lane.IO, NOOP);
    Pull<String> pull = policy.plan(Lane.IO).get(0);
    policy.pullLost(pull);                       // written off: its 10 slots lent again
    policy.consume("a", 4);                      // ... but the job had sent 4 tasks after all
    policy.jobHasWork("j1", Lane.IO, NOOP);
    assertThat(granted(policy.plan(Lane.IO), "a")).isEqualTo(6);
  }

  /**
   * Fair sharing, simulated: two worker lanes of 1,000 slots run 100 ms tasks; a 100-task job
   * arrives while a 1,000,000-task job holds every slot. Slots free up as tasks end; the small
   * job gets its share of each freed batch, so it finishes within 1.5x of its time alone.
   */
  @Test
  void aSmallJobBehindAHugeOneFinishesWithinOneAndAHalfTimesItsTimeAlone() {
    long alone = simulateSmallJob(false);
    long behind = simulateSmallJob(true);
    assertThat(alone).isEqualTo(100);
    assertThat(behind).isLessThanOrEqualTo(alone * 3 / 2);
  }

  /** Milliseconds (simulated, 1 ms steps) until the small job's 100 tasks of 100 ms all ended. */
  private static long simulateSmallJob(boolean behindHugeJob) {
    DispatchPolicy<String> policy = new DispatchPolicy<>(1000);
    java.util.Map<String, Integer> queued = new java.util.HashMap<>();
    java.util.PriorityQueue<long[]> running = new java.util.PriorityQueue<>(java.util.Comparator.comparingLong(t -> t[0]));
    java.util.List<String> lanes = List.of("a", "b");
    for (String lane : lanes) {
      register(policy, lane, "w-" + lane, Lane.IO, 1000);
    }
    long smallStart = 0;
    int smallLeft = 100;
    if (behindHugeJob) {
      queued.put("huge", 1_000_000);
      policy.jobHasWork("huge", Lane.IO, NOOP);
    }
    // staggered start: the huge job's tasks end spread over the first 100 ms
    for (long now = 0; now < 100_000; now++) {
      while (!running.isEmpty() && running.peek()[0] <= now) {
        long[] done = running.poll();
        policy.offer(lanes.get((int) done[1]), 1);
        if (done[2] == 1 && --smallLeft == 0) {
          return now - smallStart;
        }
      }
      if (now == (behindHugeJob ? 150 : 0)) {
        smallStart = now;
        queued.put("small", 100);
        policy.jobHasWork("small", Lane.IO, NOOP);
      }
      if (now == 0) {
        for (String lane : lanes) {
          policy.offer(lane, 1000);
        }
      }
      for (Pull<String> pull : policy.plan(Lane.IO)) {
        java.util.List<Used<String>> used = new java.util.ArrayList<>();
        for (Grant<String> grant : pull.grants()) {
          int left = queued.get(pull.jobId());
          int sent = Math.min(left, grant.max());
          queued.put(pull.jobId(), left - sent);
          for (int i = 0; i < sent; i++) {
            long end = now + 100 + (now == 0 && pull.jobId().equals("huge") ? (i % 100) : 0);
            running.add(new long[] {end, lanes.indexOf(grant.ref()), pull.jobId().equals("small") ? 1 : 0});
          }
          used.add(new Used<>(grant.ref(), grant.max(), sent));
        }
        policy.pulled(pull.jobId(), pull.lane(), used, queued.get(pull.jobId()) > 0 ? NOOP : Set.of());
      }
    }
    throw new AssertionError("the small job never finished");
  }
}
