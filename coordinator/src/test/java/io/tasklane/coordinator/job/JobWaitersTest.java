package io.tasklane.coordinator.job;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.typesafe.config.ConfigFactory;
import io.tasklane.coordinator.settings.CoordinatorSettings;
import io.tasklane.protocol.Lane;
import io.tasklane.protocol.dispatch.BrokerProtocol;
import io.tasklane.protocol.dispatch.JobIndexProtocol;
import io.tasklane.protocol.dispatch.JobProtocol;
import io.tasklane.protocol.dispatch.LaneProtocol;
import io.tasklane.protocol.dispatch.ResultProtocol;
import io.tasklane.protocol.dispatch.TaskKind;
import io.tasklane.protocol.job.JobSpec;
import io.tasklane.protocol.job.TaskTemplate;
import io.tasklane.protocol.task.RawJson;
import io.tasklane.protocol.task.TaskOutcome;
import io.tasklane.protocol.task.TaskStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.apache.pekko.Done;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Many requests waiting on one open job (a service appending one task per request with wait):
 * thousands are kept and each gets its own results; past tasklane.coordinator.wait.max-waiters an
 * append with wait is refused before its tasks are taken.
 */
class JobWaitersTest {

  private static final ActorTestKit KIT = ActorTestKit.create(
      EventSourcedBehaviorTestKit.config().withFallback(ConfigFactory.load()));
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
  private static final Pattern RESULT_ID = Pattern.compile("\"id\":\"(\\d+)\"");

  @AfterAll
  static void shutDown() {
    KIT.shutdownTestKit();
  }

  private final TestProbe<BrokerProtocol.Command> broker = KIT.createTestProbe();
  private final TestProbe<LaneProtocol.Command> lane = KIT.createTestProbe();

  private EventSourcedBehaviorTestKit<JobProtocol.Command, JobEvent, JobEntity.State> openJob(int maxWaiters) {
    TestProbe<ResultProtocol.Command> results = KIT.createTestProbe();
    TestProbe<ClusterSharding.ShardCommand> shard = KIT.createTestProbe();
    TestProbe<JobIndexProtocol.Command> index = KIT.createTestProbe();
    CoordinatorSettings settings = CoordinatorSettings.fromConfig(ConfigFactory.parseString(
        "tasklane.coordinator.wait.max-waiters = " + maxWaiters).withFallback(ConfigFactory.load()));
    var job = EventSourcedBehaviorTestKit.<JobProtocol.Command, JobEvent, JobEntity.State>create(KIT.system(),
        JobEntity.create("j-many", shard.ref(), broker.ref(), results.ref(), index.ref(), index::ref, settings),
        new EventSourcedBehaviorTestKit.SerializationSettings(false, false, false, false, false));
    var submitted = job.<StatusReply<JobProtocol.JobAccepted>>runCommand(replyTo ->
        new JobProtocol.SubmitJob(new JobSpec(null, "service", List.of(), true), 1L, replyTo));
    assertThat(submitted.reply().isSuccess()).isTrue();
    return job;
  }

  private static TaskTemplate sleep() {
    return new TaskTemplate(null, "sleep", Lane.IO, JSON.objectNode().put("ms", 50), 0, 0, null, null, 1);
  }

  private static TaskOutcome ok(int index) {
    return new TaskOutcome(index, TaskStatus.SUCCEEDED, RawJson.of(JSON.objectNode().put("i", index)), null, 1, "t");
  }

  /** The broker lends {@code credits} of one worker lane; returns how many tasks were sent to it. */
  private int pull(EventSourcedBehaviorTestKit<JobProtocol.Command, JobEvent, JobEntity.State> job, int credits) {
    job.runCommand(new JobProtocol.PullTasks(Lane.IO,
        List.of(new JobProtocol.Grant("w:1", lane.ref(), credits, Set.of(TaskKind.fixed("sleep")))), 1L, broker.ref()));
    int sent = 0;
    while (sent < credits) {
      sent += lane.expectMessageClass(LaneProtocol.AssignTasks.class).tasks().size();
    }
    return sent;
  }

  @Test
  void twoThousandRequestsWaitOnOneOpenJobAndEachGetsItsOwnResult() {
    int waiters = 2_000;
    var job = openJob(waiters);
    TestProbe<JobProtocol.TasksEnded> answers = KIT.createTestProbe();
    for (int i = 0; i < waiters; i++) {
      var appended = job.<JobProtocol.Appended>runCommand(replyTo ->
          new JobProtocol.AppendTasks(List.of(sleep()), null, true, replyTo));
      assertThat(appended.reply().tooManyWaiting()).as("append %d", i).isFalse();
      assertThat(appended.reply().first()).isEqualTo(i);
      job.runCommand(new JobProtocol.AwaitTasks(i, 1, answers.ref()));
    }
    answers.expectNoMessage(Duration.ofMillis(50));
    assertThat(pull(job, waiters)).isEqualTo(waiters);

    // results come back in batches, out of order: each waiter is answered with its own task's
    List<Integer> order = new ArrayList<>(IntStream.range(0, waiters).boxed().toList());
    java.util.Collections.shuffle(order, new java.util.Random(17));
    TestProbe<Done> done = KIT.createTestProbe();
    for (int from = 0; from < waiters; from += 250) {
      List<TaskOutcome> outcomes = order.subList(from, from + 250).stream().map(JobWaitersTest::ok).toList();
      job.runCommand(new JobProtocol.RecordResults(
          List.of(new ResultProtocol.ReportResults("j-many", "w:1", Lane.IO, outcomes)), done.ref()));
      done.expectMessage(Done.getInstance());
    }
    Set<Integer> answered = new HashSet<>();
    for (JobProtocol.TasksEnded ended : answers.receiveSeveralMessages(waiters, Duration.ofSeconds(10))) {
      assertThat(ended.resultsInline()).isTrue();
      List<String> lines = ended.results().lines().toList();
      assertThat(lines).hasSize(1);
      Matcher id = RESULT_ID.matcher(lines.get(0));
      assertThat(id.find()).isTrue();
      assertThat(answered.add(Integer.parseInt(id.group(1)))).as("answered once: " + lines.get(0)).isTrue();
    }
    assertThat(answered).hasSize(waiters);
    answers.expectNoMessage(Duration.ofMillis(50));
  }

  @Test
  void anAppendWithWaitPastMaxWaitersIsRefusedAndNothingIsTaken() {
    var job = openJob(3);
    TestProbe<JobProtocol.TasksEnded> answers = KIT.createTestProbe();
    for (int i = 0; i < 3; i++) {
      var appended = job.<JobProtocol.Appended>runCommand(replyTo ->
          new JobProtocol.AppendTasks(List.of(sleep()), null, true, replyTo));
      job.runCommand(new JobProtocol.AwaitTasks(appended.reply().first(), 1, answers.ref()));
    }
    var refused = job.<JobProtocol.Appended>runCommand(replyTo ->
        new JobProtocol.AppendTasks(List.of(sleep()), null, true, replyTo));
    assertThat(refused.reply().tooManyWaiting()).isTrue();
    assertThat(refused.reply().refused()).contains("too many requests wait on job 'j-many' (3,")
        .contains("nothing was appended");
    assertThat(refused.events()).as("nothing journaled").isEmpty();
    assertThat(refused.reply().status().total()).isEqualTo(3);

    // without wait the job still takes tasks; once the waiters are answered, appends with wait again
    var noWait = job.<JobProtocol.Appended>runCommand(replyTo -> new JobProtocol.AppendTasks(List.of(sleep()), null, replyTo));
    assertThat(noWait.reply().first()).isEqualTo(3);
    assertThat(pull(job, 4)).isEqualTo(4);
    TestProbe<Done> done = KIT.createTestProbe();
    job.runCommand(new JobProtocol.RecordResults(List.of(new ResultProtocol.ReportResults("j-many", "w:1", Lane.IO,
        List.of(ok(0), ok(1), ok(2)))), done.ref()));
    assertThat(answers.receiveSeveralMessages(3)).allSatisfy(ended -> assertThat(ended.results()).isNotNull());
    var again = job.<JobProtocol.Appended>runCommand(replyTo ->
        new JobProtocol.AppendTasks(List.of(sleep()), null, true, replyTo));
    assertThat(again.reply().tooManyWaiting()).isFalse();
    assertThat(again.reply().first()).isEqualTo(4);
  }
}
