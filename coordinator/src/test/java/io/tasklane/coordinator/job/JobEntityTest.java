package io.tasklane.coordinator.job;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.typesafe.config.ConfigFactory;
import io.tasklane.coordinator.CoordinatorSettings;
import io.tasklane.protocol.Lane;
import io.tasklane.protocol.dispatch.BrokerProtocol;
import io.tasklane.protocol.dispatch.JobIndexProtocol;
import io.tasklane.protocol.dispatch.JobProtocol;
import io.tasklane.protocol.dispatch.LaneProtocol;
import io.tasklane.protocol.dispatch.ResultProtocol;
import io.tasklane.protocol.job.JobSpec;
import io.tasklane.protocol.job.TaskTemplate;
import io.tasklane.protocol.task.RawJson;
import io.tasklane.protocol.task.TaskOutcome;
import io.tasklane.protocol.task.TaskStatus;
import java.time.Duration;
import java.util.List;
import org.apache.pekko.Done;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The job entity with its journal (the persistence testkit) and probes for the broker, the
 * worker lane and the askers: an open job's append, waits for appended tasks, a follower of
 * its results, and its close, message by message.
 */
class JobEntityTest {

  private static final ActorTestKit KIT = ActorTestKit.create(
      EventSourcedBehaviorTestKit.config().withFallback(ConfigFactory.load()));
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  @AfterAll
  static void shutDown() {
    KIT.shutdownTestKit();
  }

  private final TestProbe<BrokerProtocol.Command> broker = KIT.createTestProbe();
  private final TestProbe<LaneProtocol.Command> lane = KIT.createTestProbe();
  private final TestProbe<ResultProtocol.Command> results = KIT.createTestProbe();
  private final TestProbe<ClusterSharding.ShardCommand> shard = KIT.createTestProbe();
  private final TestProbe<JobIndexProtocol.Command> index = KIT.createTestProbe();

  private final EventSourcedBehaviorTestKit<JobProtocol.Command, JobEvent, JobEntity.State> job =
      EventSourcedBehaviorTestKit.create(KIT.system(),
          JobEntity.create("j-open", shard.ref(), broker.ref(), results.ref(), index.ref(),
              CoordinatorSettings.fromConfig(ConfigFactory.load())),
          new EventSourcedBehaviorTestKit.SerializationSettings(true, false, true, true, false));

  private static TaskTemplate noop(int repeat) {
    return new TaskTemplate(null, "noop", Lane.IO, JSON.objectNode().put("v", "${i}"), 0, 0, null,
        repeat > 1 ? repeat : null, 1);
  }

  private static TaskOutcome ok(int index) {
    return new TaskOutcome(index, TaskStatus.SUCCEEDED, RawJson.of(JSON.objectNode().put("i", index)), null, 1, "t");
  }

  /** The broker lends 10 credits of one worker lane; returns the task indexes sent to it. */
  private List<Integer> pull() {
    job.runCommand(new JobProtocol.PullTasks(Lane.IO, List.of(new JobProtocol.Grant("w:1", lane.ref(), 10)), 1L, broker.ref()));
    LaneProtocol.AssignTasks assigned = lane.expectMessageClass(LaneProtocol.AssignTasks.class);
    return assigned.tasks().stream().map(task -> task.index()).toList();
  }

  private void record(int... indexes) {
    TestProbe<Done> done = KIT.createTestProbe();
    List<TaskOutcome> outcomes = java.util.Arrays.stream(indexes).mapToObj(JobEntityTest::ok).toList();
    job.runCommand(new JobProtocol.RecordResults(
        List.of(new ResultProtocol.ReportResults("j-open", "w:1", Lane.IO, outcomes)), done.ref()));
    done.expectMessage(Done.getInstance());
  }

  @Test
  void anOpenJobTakesAppendsAnswersWaitersAndFollowersAndEndsOnceClosed() {
    var submitted = job.<StatusReply<JobProtocol.JobAccepted>>runCommand(replyTo ->
        new JobProtocol.SubmitJob(new JobSpec(null, "stream", List.of(), true), 1L, replyTo));
    assertThat(submitted.reply().isSuccess()).isTrue();

    // a follower from the start: nothing yet, so its request waits in the job
    TestProbe<JobProtocol.ResultsPage> follower = KIT.createTestProbe();
    job.runCommand(new JobProtocol.FollowResults(0, 100, false, follower.ref()));
    follower.expectNoMessage(Duration.ofMillis(100));

    var appended = job.<JobProtocol.Appended>runCommand(replyTo -> new JobProtocol.AppendTasks(List.of(noop(2)), replyTo));
    assertThat(appended.events()).hasSize(1);
    assertThat(appended.reply().first()).isZero();
    assertThat(appended.reply().count()).isEqualTo(2);
    assertThat(broker.expectMessageClass(BrokerProtocol.JobHasWork.class).lane()).isEqualTo(Lane.IO);

    TestProbe<JobProtocol.TasksEnded> waiter = KIT.createTestProbe();
    job.runCommand(new JobProtocol.AwaitTasks(0, 2, waiter.ref()));
    assertThat(pull()).containsExactly(0, 1);
    record(1);
    waiter.expectNoMessage(Duration.ofMillis(50));
    assertThat(follower.receiveMessage().lines()).as("the first result, as it ended").contains("\"id\":\"1\"").doesNotContain("\"id\":\"0\"");
    record(0);
    JobProtocol.TasksEnded ended = waiter.receiveMessage();
    assertThat(ended.resultsInline()).isTrue();
    assertThat(ended.results().lines().toList()).hasSize(2);

    // appended later: numbered on, and a second append's waiter sees only its own tasks
    var more = job.<JobProtocol.Appended>runCommand(replyTo -> new JobProtocol.AppendTasks(List.of(noop(1)), replyTo));
    assertThat(more.reply().first()).isEqualTo(2);
    assertThat(pull()).containsExactly(2);
    TestProbe<JobProtocol.TasksEnded> second = KIT.createTestProbe();
    job.runCommand(new JobProtocol.AwaitTasks(2, 1, second.ref()));
    record(2);
    assertThat(second.receiveMessage().results()).contains("\"id\":\"2\"").doesNotContain("\"id\":\"1\"");
    assertThat(job.<JobProtocol.JobLookup>runCommand(JobProtocol.GetJob::new).reply().status().state())
        .as("every task ended, but open").isEqualTo(JobProtocol.JobState.running);

    // closed: it ends at once (all done); a follower at the end gets the last, complete page
    var closed = job.<JobProtocol.JobLookup>runCommand(JobProtocol.CloseJob::new);
    assertThat(closed.events()).hasSize(1);
    assertThat(closed.reply().status().state()).isEqualTo(JobProtocol.JobState.succeeded);
    assertThat(job.<JobProtocol.ResultsPage>runCommand(replyTo -> new JobProtocol.FollowResults(3, 100, false, replyTo))
        .reply().complete()).isTrue();
    var refused = job.<JobProtocol.Appended>runCommand(replyTo -> new JobProtocol.AppendTasks(List.of(noop(1)), replyTo));
    assertThat(refused.events()).isEmpty();
    assertThat(refused.reply().refused()).contains("takes no more tasks");

    // recovered from its journal: the same tasks, results and state
    job.restart();
    JobProtocol.JobStatus after = job.<JobProtocol.JobLookup>runCommand(JobProtocol.GetJob::new).reply().status();
    assertThat(after.total()).isEqualTo(3);
    assertThat(after.state()).isEqualTo(JobProtocol.JobState.succeeded);
  }
}
