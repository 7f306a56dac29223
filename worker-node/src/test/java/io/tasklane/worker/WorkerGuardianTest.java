package io.tasklane.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.tasklane.protocol.Lane;
import io.tasklane.protocol.dispatch.BrokerProtocol;
import io.tasklane.protocol.dispatch.LaneProtocol;
import io.tasklane.protocol.task.TaskStatus;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(LogCapturingExtension.class)
class WorkerGuardianTest {

  @Test
  void spawnsBothLanesWhichRegisterAndRunBuiltInTasks() {
    try (LaneHarness harness = new LaneHarness("tasklane.worker.cpu.runners = 2\ntasklane.worker.plugin-dir = target/no-plugins")) {
      harness.testKit.spawn(WorkerGuardian.create(harness.settings), "worker");

      Map<Lane, BrokerProtocol.RegisterLane> registered = Stream.of(
              harness.broker.expectMessageClass(BrokerProtocol.Command.class),
              harness.broker.expectMessageClass(BrokerProtocol.Command.class),
              harness.broker.expectMessageClass(BrokerProtocol.Command.class),
              harness.broker.expectMessageClass(BrokerProtocol.Command.class))
          .filter(BrokerProtocol.RegisterLane.class::isInstance)
          .map(BrokerProtocol.RegisterLane.class::cast)
          .collect(Collectors.toMap(BrokerProtocol.RegisterLane::lane, Function.identity()));
      assertThat(registered).containsOnlyKeys(Lane.IO, Lane.CPU);
      assertThat(registered.get(Lane.IO).capacity()).isEqualTo(1000);
      assertThat(registered.get(Lane.CPU).capacity()).isEqualTo(2);
      assertThat(registered.get(Lane.IO).worker()).isEqualTo(harness.testKit.system().name());
      assertThat(registered.get(Lane.CPU).types().get("factorial").lane()).isEqualTo(Lane.CPU);

      registered.get(Lane.CPU).laneRef().tell(new LaneProtocol.AssignTasks(
          "j1", List.of(LaneHarness.task(0, "factorial", Lane.CPU, "{\"n\":2000}")), harness.results.ref()));
      var outcome = harness.outcomes("j1", 1).get(0);
      assertThat(outcome.status()).isEqualTo(TaskStatus.SUCCEEDED);
      assertThat(outcome.output().tree().get("digits").asInt()).isEqualTo(5736);
      assertThat(outcome.thread()).contains("tasklane.worker.cpu-dispatcher");
    }
  }

  @Test
  void drainsBothLanesWhenTheNodeShutsDown() {
    // The shutdown runs its phases but leaves the system up: its last phase would otherwise stop the
    // harness's listed broker (an actor forwarding to the probe) before it forwarded the lanes'
    // UnregisterLane, sent just before (the test then saw none, in some full builds)
    try (LaneHarness harness = new LaneHarness("tasklane.worker.cpu.runners = 1\ntasklane.worker.plugin-dir = target/no-plugins"
        + "\npekko.coordinated-shutdown.terminate-actor-system = off\npekko.coordinated-shutdown.run-by-actor-system-terminate = off")) {
      harness.testKit.spawn(WorkerGuardian.create(harness.settings), "worker");
      // what else the lanes tell the broker meanwhile (credit, type updates) is not this test's matter
      Set<ActorRef<LaneProtocol.Command>> lanes = new HashSet<>();
      while (lanes.size() < 2) {
        if (harness.broker.expectMessageClass(BrokerProtocol.Command.class, Duration.ofSeconds(10))
            instanceof BrokerProtocol.RegisterLane register) {
          lanes.add(register.laneRef());
        }
      }

      CoordinatedShutdown.get(harness.testKit.system()).runAll(CoordinatedShutdown.unknownReason());

      Set<ActorRef<LaneProtocol.Command>> unregistered = new HashSet<>();
      while (unregistered.size() < 2) {
        if (harness.broker.expectMessageClass(BrokerProtocol.Command.class, Duration.ofSeconds(10))
            instanceof BrokerProtocol.UnregisterLane unregister) {
          unregistered.add(unregister.laneRef());
        }
      }
      assertThat(unregistered).isEqualTo(lanes);
    }
  }
}
