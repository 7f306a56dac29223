package io.tasklane.worker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.tasklane.protocol.Lane;
import io.tasklane.protocol.dispatch.BrokerProtocol;
import io.tasklane.protocol.dispatch.LaneProtocol;
import io.tasklane.protocol.dispatch.ResultProtocol;
import io.tasklane.protocol.task.TaskOutcome;
import io.tasklane.protocol.task.TaskSpec;
import io.tasklane.worker.settings.WorkerConfig;
import io.tasklane.worker.settings.WorkerSettings;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.receptionist.Receptionist;

/**
 * One ActorTestKit with a broker probe in the receptionist and a results probe (listed as a
 * result router unless asked otherwise).
 */
public final class LaneHarness implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String BASE = """
      pekko.actor.provider = local
      pekko.actor.serialize-messages = on
      pekko.loglevel = DEBUG
      pekko.loggers = ["org.apache.pekko.event.slf4j.Slf4jLogger"]
      pekko.logging-filter = "org.apache.pekko.event.slf4j.Slf4jLoggingFilter"
      tasklane.worker.retry.backoff-base = 10ms
      tasklane.worker.retry.backoff-max = 50ms
      # the results probe answers no drain's ConfirmRecorded unless a test does: a lane that sent
      # results drains (as the test kit shuts down) without waiting the default 10 s for one
      tasklane.worker.drain-results-timeout = 2s
      """;

  public final ActorTestKit testKit;
  public final TestProbe<BrokerProtocol.Command> broker;
  /** What the lanes tell the broker of their types after registering (kept apart from credit). */
  public final TestProbe<BrokerProtocol.UpdateTypes> types;
  /** The broker as the receptionist lists it: forwards to {@link #broker}, and {@code UpdateTypes} to {@link #types}. */
  public final ActorRef<BrokerProtocol.Command> listedBroker;
  public final TestProbe<ResultProtocol.Command> results;
  public final WorkerSettings settings;
  public ActorRef<LaneProtocol.Command> lane;

  /** @param overrides HOCON lines that win over the base test config */
  public LaneHarness(String overrides) {
    this(overrides, true);
  }

  /**
   * @param overrides HOCON lines that win over the base test config
   * @param resultsListed whether the results probe is listed as a result router
   */
  public LaneHarness(String overrides, boolean resultsListed) {
    Config config = ConfigFactory.parseString(overrides)
        .withFallback(ConfigFactory.parseString(BASE))
        .withFallback(WorkerConfig.defaults())
        .withFallback(ConfigFactory.load());
    testKit = ActorTestKit.create(WorkerConfig.withCpuDispatcherSized(config));
    settings = WorkerSettings.fromConfig(testKit.system().settings().config());
    broker = testKit.createTestProbe(BrokerProtocol.Command.class);
    results = testKit.createTestProbe(ResultProtocol.Command.class);
    types = testKit.createTestProbe(BrokerProtocol.UpdateTypes.class);
    listedBroker = testKit.spawn(
        org.apache.pekko.actor.typed.javadsl.Behaviors.receiveMessage(command -> {
          if (command instanceof BrokerProtocol.UpdateTypes update) {
            types.ref().tell(update);
          } else {
            broker.ref().tell(command);
          }
          return org.apache.pekko.actor.typed.javadsl.Behaviors.same();
        }), "broker");
    testKit.system().receptionist().tell(Receptionist.register(BrokerProtocol.SERVICE_KEY, listedBroker));
    if (resultsListed) {
      listRouter(results.ref());
    }
  }

  public void listRouter(ActorRef<ResultProtocol.Command> router) {
    testKit.system().receptionist().tell(Receptionist.register(ResultProtocol.SERVICE_KEY, router));
  }

  public void unlistRouter(ActorRef<ResultProtocol.Command> router) {
    testKit.system().receptionist().tell(Receptionist.deregister(ResultProtocol.SERVICE_KEY, router));
  }

  /** Spawns the lane and checks that it registers and offers exactly its capacity. */
  public BrokerProtocol.RegisterLane spawn(Behavior<LaneProtocol.Command> behavior, Lane expectedLane, int capacity) {
    lane = testKit.spawn(behavior);
    BrokerProtocol.RegisterLane register = broker.expectMessageClass(BrokerProtocol.RegisterLane.class);
    assertThat(register.lane()).isEqualTo(expectedLane);
    assertThat(register.capacity()).isEqualTo(capacity);
    assertThat(register.laneRef()).isEqualTo(lane);
    expectCredit(capacity);
    return register;
  }

  public void expectCredit(int credit) {
    BrokerProtocol.OfferCredit offer = broker.expectMessageClass(BrokerProtocol.OfferCredit.class, Duration.ofSeconds(10));
    assertThat(offer.laneRef()).isEqualTo(lane);
    assertThat(offer.credit()).isEqualTo(credit);
  }

  /** Credit may come in several offers (results are batched as they come): their sum. */
  public void expectCreditTotal(int total) {
    int sum = 0;
    while (sum < total) {
      BrokerProtocol.OfferCredit offer = broker.expectMessageClass(BrokerProtocol.OfferCredit.class, Duration.ofSeconds(10));
      assertThat(offer.laneRef()).isEqualTo(lane);
      sum += offer.credit();
    }
    assertThat(sum).isEqualTo(total);
  }

  public void assign(String jobId, List<TaskSpec> tasks) {
    lane.tell(new LaneProtocol.AssignTasks(jobId, tasks, results.ref()));
  }

  /** Receives result batches until {@code count} outcomes of {@code jobId} arrived, by index. */
  public Map<Integer, TaskOutcome> outcomes(String jobId, int count) {
    Map<Integer, TaskOutcome> byIndex = new HashMap<>();
    while (byIndex.size() < count) {
      ResultProtocol.Command message = results.receiveMessage(Duration.ofSeconds(30));
      ResultProtocol.ReportResults report = (ResultProtocol.ReportResults) message;
      assertThat(report.jobId()).isEqualTo(jobId);
      for (TaskOutcome outcome : report.outcomes()) {
        assertThat(byIndex.put(outcome.index(), outcome)).as("duplicate outcome %s", outcome).isNull();
      }
    }
    assertThat(byIndex).hasSize(count);
    return byIndex;
  }

  public static TaskSpec task(int index, String type, Lane lane, String inputJson) {
    return task(index, type, lane, inputJson, 0, 0);
  }

  public static TaskSpec task(int index, String type, Lane lane, String inputJson, long timeoutMs, int retries) {
    return new TaskSpec(index, "t" + index, type, lane, json(inputJson), timeoutMs, retries, null);
  }

  public static JsonNode json(String text) {
    try {
      return JSON.readTree(text);
    } catch (Exception e) {
      throw new IllegalArgumentException(text, e);
    }
  }

  @Override
  public void close() {
    testKit.shutdownTestKit();
  }
}
