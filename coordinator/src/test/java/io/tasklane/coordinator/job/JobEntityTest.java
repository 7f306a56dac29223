package io.tasklane.coordinator.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.typesafe.config.ConfigFactory;
import io.tasklane.coordinator.settings.CoordinatorSettings;
import io.tasklane.protocol.Lane;
import io.tasklane.protocol.dispatch.TaskKind;
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
import java.util.Set;
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
          JobEntity.create("j-open", shard.ref(), broker.ref(), results.ref(), index.ref(), index::ref,
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
    job.runCommand(new JobProtocol.PullTasks(Lane.IO, List.of(new JobProtocol.Grant("w:1", lane.ref(), 10, Set.of(TaskKind.fixed("noop")))), 1L, broker.ref()));
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

    var appended = job.<JobProtocol.Appended>runCommand(replyTo -> new JobProtocol.AppendTasks(List.of(noop(2)), null, replyTo));
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
    var more = job.<JobProtocol.Appended>runCommand(replyTo -> new JobProtocol.AppendTasks(List.of(noop(1)), null, replyTo));
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
    var refused = job.<JobProtocol.Appended>runCommand(replyTo -> new JobProtocol.AppendTasks(List.of(noop(1)), null, replyTo));
    assertThat(refused.events()).isEmpty();
    assertThat(refused.reply().refused()).contains("takes no more tasks");

    // recovered from its journal: the same tasks, results and state
    job.restart();
    JobProtocol.JobStatus after = job.<JobProtocol.JobLookup>runCommand(JobProtocol.GetJob::new).reply().status();
    assertThat(after.total()).isEqualTo(3);
    assertThat(after.state()).isEqualTo(JobProtocol.JobState.succeeded);
  }

  @Test
  void anAppendRepeatedUnderItsKeyIsAnsweredAsBeforeAndNotTakenAgainAlsoAfterARecovery() {
    job.<StatusReply<JobProtocol.JobAccepted>>runCommand(replyTo ->
        new JobProtocol.SubmitJob(new JobSpec(null, "stream", List.of(), true), 1L, replyTo));
    var first = job.<JobProtocol.Appended>runCommand(replyTo -> new JobProtocol.AppendTasks(List.of(noop(2)), "k-a", replyTo));
    assertThat(first.events()).hasSize(1);
    assertThat(first.reply().repeated()).isFalse();
    job.<JobProtocol.Appended>runCommand(replyTo -> new JobProtocol.AppendTasks(List.of(noop(1)), "k-b", replyTo));

    // the first request waits for its tasks; its repeat (the answer was lost) waits beside it
    TestProbe<JobProtocol.TasksEnded> firstWaiter = KIT.createTestProbe();
    job.runCommand(new JobProtocol.AwaitTasks(0, 2, firstWaiter.ref()));
    var again = job.<JobProtocol.Appended>runCommand(replyTo -> new JobProtocol.AppendTasks(List.of(noop(2)), "k-a", replyTo));
    TestProbe<JobProtocol.TasksEnded> repeatWaiter = KIT.createTestProbe();
    job.runCommand(new JobProtocol.AwaitTasks(again.reply().first(), again.reply().count(), repeatWaiter.ref()));
    assertThat(pull()).containsExactly(0, 1, 2);
    record(0, 1);
    assertThat(firstWaiter.receiveMessage().results().lines().toList()).hasSize(2);
    assertThat(repeatWaiter.receiveMessage().results().lines().toList()).as("the same results").hasSize(2);
    assertThat(again.events()).as("not journaled again").isEmpty();
    assertThat(again.reply().refused()).isNull();
    assertThat(again.reply().repeated()).isTrue();
    assertThat(again.reply().first()).isZero();
    assertThat(again.reply().count()).isEqualTo(2);
    assertThat(again.reply().status().total()).isEqualTo(3);

    var other = job.<JobProtocol.Appended>runCommand(replyTo -> new JobProtocol.AppendTasks(List.of(noop(3)), "k-a", replyTo));
    assertThat(other.events()).isEmpty();
    assertThat(other.reply().refused()).contains("took other tasks under this Idempotency-Key");

    // the keys come back from the journal; a repeat after the job was closed is still answered
    job.restart();
    job.<JobProtocol.JobLookup>runCommand(JobProtocol.CloseJob::new);
    var afterRestart = job.<JobProtocol.Appended>runCommand(replyTo -> new JobProtocol.AppendTasks(List.of(noop(1)), "k-b", replyTo));
    assertThat(afterRestart.events()).isEmpty();
    assertThat(afterRestart.reply().repeated()).isTrue();
    assertThat(afterRestart.reply().first()).isEqualTo(2);
    var newKey = job.<JobProtocol.Appended>runCommand(replyTo -> new JobProtocol.AppendTasks(List.of(noop(1)), "k-c", replyTo));
    assertThat(newKey.reply().refused()).as("a new key on a closed job").contains("takes no more tasks");
  }

  @Test
  void anAppendJournaledBeforeThereWereKeysReadsBackWithout() throws Exception {
    var serialization = org.apache.pekko.serialization.SerializationExtension.get(
        org.apache.pekko.actor.typed.javadsl.Adapter.toClassic(KIT.system()));
    JobEvent.TasksAppended appended = new JobEvent.TasksAppended(RecordedTemplate.of(List.of(noop(2))), 5L, "k-a");
    var serializer = serialization.serializerFor(appended.getClass());
    String manifest = org.apache.pekko.serialization.Serializers.manifestFor(serializer, appended);
    var cbor = new com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper();
    var tree = (com.fasterxml.jackson.databind.node.ObjectNode) cbor.readTree(serializer.toBinary(appended));
    assertThat(tree.remove("key")).as("the key is journaled").isNotNull();

    Object old = serialization.deserialize(cbor.writeValueAsBytes(tree), serializer.identifier(), manifest).get();
    assertThat(old).isEqualTo(new JobEvent.TasksAppended(RecordedTemplate.of(List.of(noop(2))), 5L, null));
  }

  @Test
  void aFollowerWithNothingNewGetsAnEmptyPageOnceItHasWaitedTheParkEachInItsTurn() {
    var settings = CoordinatorSettings.fromConfig(
        ConfigFactory.parseString("tasklane.coordinator.results-follow-park = 400ms").withFallback(ConfigFactory.load()));
    EventSourcedBehaviorTestKit<JobProtocol.Command, JobEvent, JobEntity.State> parked =
        EventSourcedBehaviorTestKit.create(KIT.system(),
            JobEntity.create("j-park", shard.ref(), broker.ref(), results.ref(), index.ref(), index::ref, settings),
            new EventSourcedBehaviorTestKit.SerializationSettings(true, false, true, true, false));
    parked.<StatusReply<JobProtocol.JobAccepted>>runCommand(replyTo ->
        new JobProtocol.SubmitJob(new JobSpec(null, "quiet", List.of(), true), 1L, replyTo));

    TestProbe<JobProtocol.ResultsPage> first = KIT.createTestProbe();
    TestProbe<JobProtocol.ResultsPage> second = KIT.createTestProbe();
    long firstParked = System.nanoTime();
    parked.runCommand(new JobProtocol.FollowResults(0, 100, false, first.ref()));
    first.expectNoMessage(Duration.ofMillis(200));
    long secondParked = System.nanoTime();
    parked.runCommand(new JobProtocol.FollowResults(0, 100, false, second.ref()));

    JobProtocol.ResultsPage empty = first.receiveMessage(Duration.ofSeconds(5));
    assertThat(Duration.ofNanos(System.nanoTime() - firstParked)).as("not before the park").isGreaterThanOrEqualTo(Duration.ofMillis(400));
    assertThat(empty.count()).isZero();
    assertThat(empty.next()).as("asks again from where it was").isZero();
    assertThat(empty.complete()).isFalse();
    assertThat(second.receiveMessage(Duration.ofSeconds(5)).count()).isZero();
    assertThat(Duration.ofNanos(System.nanoTime() - secondParked)).as("its own park, from when it came")
        .isGreaterThanOrEqualTo(Duration.ofMillis(400));
  }

  @Test
  void aParkNotUnderTheRoutesWaitIsRefusedByName() {
    for (String park : List.of("26s", "0s", "-1s")) {
      assertThatThrownBy(() -> CoordinatorSettings.fromConfig(ConfigFactory.parseString(
          "tasklane.coordinator.results-follow-park = " + park).withFallback(ConfigFactory.load())))
          .as(park).hasMessageContaining("tasklane.coordinator.results-follow-park").hasMessageContaining("at most 25 s");
    }
    assertThat(CoordinatorSettings.fromConfig(ConfigFactory.parseString("tasklane.coordinator.results-follow-park = 25s")
        .withFallback(ConfigFactory.load())).followPark()).hasSeconds(25);
  }

  private EventSourcedBehaviorTestKit<JobProtocol.Command, JobEvent, JobEntity.State> entity(
      String jobId, TestProbe<JobIndexProtocol.Command> writer, TestProbe<JobIndexProtocol.Command> jobIndex) {
    return EventSourcedBehaviorTestKit.create(KIT.system(),
        JobEntity.create(jobId, shard.ref(), broker.ref(), results.ref(), writer.ref(), jobIndex::ref,
            CoordinatorSettings.fromConfig(ConfigFactory.load())),
        new EventSourcedBehaviorTestKit.SerializationSettings(true, false, true, true, false));
  }

  /** The next message of {@code type} on {@code probe}, skipping others (announcements, say). */
  private static <M, T extends M> T next(TestProbe<M> probe, Class<T> type) {
    for (int i = 0; i < 20; i++) {
      M message = probe.receiveMessage();
      if (type.isInstance(message)) {
        return type.cast(message);
      }
    }
    throw new AssertionError("no " + type.getSimpleName());
  }

  @Test
  void aRunningJobCancelledTellsItsWorkerLanesAnswersWhoWaitsAndStaysCancelledAfterARecovery() {
    TestProbe<JobIndexProtocol.Command> writer = KIT.createTestProbe();
    TestProbe<JobIndexProtocol.Command> jobIndex = KIT.createTestProbe();
    var running = entity("j-cancel", writer, jobIndex);
    running.<StatusReply<JobProtocol.JobAccepted>>runCommand(replyTo ->
        new JobProtocol.SubmitJob(new JobSpec(null, "three", List.of(noop(3))), 1L, replyTo));
    running.runCommand(new JobProtocol.PullTasks(Lane.IO, List.of(new JobProtocol.Grant("w:1", lane.ref(), 2, Set.of(TaskKind.fixed("noop")))), 1L, broker.ref()));
    assertThat(lane.expectMessageClass(LaneProtocol.AssignTasks.class).tasks()).hasSize(2);
    TestProbe<JobProtocol.JobEnded> waiter = KIT.createTestProbe();
    running.runCommand(new JobProtocol.AwaitEnd(waiter.ref()));
    waiter.expectNoMessage(Duration.ofMillis(50));

    var cancelled = running.<JobProtocol.JobLookup>runCommand(JobProtocol.CancelJob::new);
    assertThat(cancelled.events()).hasSize(1);
    assertThat(cancelled.reply().status().state()).isEqualTo(JobProtocol.JobState.cancelled);
    assertThat(cancelled.reply().changed()).as("this cancel ended the job").isTrue();
    assertThat(cancelled.reply().status().lanes().get(Lane.IO).running()).as("nothing in flight any more").isZero();
    assertThat(lane.expectMessageClass(LaneProtocol.CancelJob.class).jobId()).isEqualTo("j-cancel");
    JobProtocol.JobEnded ended = waiter.receiveMessage();
    assertThat(ended.status().state()).isEqualTo(JobProtocol.JobState.cancelled);
    assertThat(ended.results().lines().toList()).hasSize(3).allSatisfy(line -> assertThat(line).contains("job cancelled"));
    BrokerProtocol.CancelEverywhere elsewhere = next(broker, BrokerProtocol.CancelEverywhere.class);
    assertThat(elsewhere.jobId()).isEqualTo("j-cancel");
    assertThat(elsewhere.told()).as("the lane the job told itself").containsExactly(lane.ref());
    assertThat(next(broker, BrokerProtocol.JobIdle.class).jobId()).isEqualTo("j-cancel");
    assertThat(next(writer, JobIndexProtocol.NoteEnded.class).state()).isEqualTo(JobProtocol.JobState.cancelled);

    var again = running.<JobProtocol.JobLookup>runCommand(JobProtocol.CancelJob::new);
    assertThat(again.events()).as("an ended job is not cancelled again").isEmpty();
    assertThat(again.reply().changed()).as("the second cancel is told it changed nothing").isFalse();
    assertThat(again.reply().status().state()).isEqualTo(JobProtocol.JobState.cancelled);
    running.restart();
    assertThat(running.<JobProtocol.JobLookup>runCommand(JobProtocol.GetJob::new).reply().status().state())
        .isEqualTo(JobProtocol.JobState.cancelled);
    running.runCommand(new JobProtocol.PullTasks(Lane.IO, List.of(new JobProtocol.Grant("w:1", lane.ref(), 5, Set.of(TaskKind.fixed("noop")))), 2L, broker.ref()));
    BrokerProtocol.TasksPulled pulled = next(broker, BrokerProtocol.TasksPulled.class);
    assertThat(pulled.grants()).singleElement().satisfies(used -> assertThat(used.sent()).isZero());
    assertThat(pulled.queued()).isZero();
    lane.expectNoMessage(Duration.ofMillis(50));
  }

  @Test
  void aCancelAfterTheLastResultChangesNothingAndSaysSoAndAResultAfterACancelIsNotRecorded() {
    var won = entity("j-result-first", KIT.createTestProbe(), KIT.createTestProbe());
    won.<StatusReply<JobProtocol.JobAccepted>>runCommand(replyTo ->
        new JobProtocol.SubmitJob(new JobSpec(null, "one", List.of(noop(1))), 1L, replyTo));
    won.runCommand(new JobProtocol.PullTasks(Lane.IO, List.of(new JobProtocol.Grant("w:1", lane.ref(), 1, Set.of(TaskKind.fixed("noop")))), 1L, broker.ref()));
    lane.expectMessageClass(LaneProtocol.AssignTasks.class);
    TestProbe<Done> done = KIT.createTestProbe();
    won.runCommand(new JobProtocol.RecordResults(
        List.of(new ResultProtocol.ReportResults("j-result-first", "w:1", Lane.IO, List.of(ok(0)))), done.ref()));
    done.expectMessage(Done.getInstance());
    var late = won.<JobProtocol.JobLookup>runCommand(JobProtocol.CancelJob::new);
    assertThat(late.events()).isEmpty();
    assertThat(late.reply().changed()).isFalse();
    assertThat(late.reply().status().state()).isEqualTo(JobProtocol.JobState.succeeded);

    var lost = entity("j-cancel-first", KIT.createTestProbe(), KIT.createTestProbe());
    lost.<StatusReply<JobProtocol.JobAccepted>>runCommand(replyTo ->
        new JobProtocol.SubmitJob(new JobSpec(null, "one", List.of(noop(1))), 1L, replyTo));
    lost.runCommand(new JobProtocol.PullTasks(Lane.IO, List.of(new JobProtocol.Grant("w:1", lane.ref(), 1, Set.of(TaskKind.fixed("noop")))), 1L, broker.ref()));
    lane.expectMessageClass(LaneProtocol.AssignTasks.class);
    assertThat(lost.<JobProtocol.JobLookup>runCommand(JobProtocol.CancelJob::new).reply().changed()).isTrue();
    var after = lost.runCommand(new JobProtocol.RecordResults(
        List.of(new ResultProtocol.ReportResults("j-cancel-first", "w:1", Lane.IO, List.of(ok(0)))), done.ref()));
    done.expectMessage(Done.getInstance());
    assertThat(after.events()).as("a result after the cancel is acknowledged, not recorded").isEmpty();
    JobProtocol.JobStatus status = lost.<JobProtocol.JobLookup>runCommand(JobProtocol.GetJob::new).reply().status();
    assertThat(status.state()).isEqualTo(JobProtocol.JobState.cancelled);
    assertThat(status.lanes().get(Lane.IO).cancelled()).isEqualTo(1);
    assertThat(status.lanes().get(Lane.IO).succeeded()).isZero();
  }

  @Test
  void cancellingAnOpenJobWithNothingLeftClosesItAndCountsAsAChange() {
    var open = entity("j-open-idle", KIT.createTestProbe(), KIT.createTestProbe());
    open.<StatusReply<JobProtocol.JobAccepted>>runCommand(replyTo ->
        new JobProtocol.SubmitJob(new JobSpec(null, "stream", List.of(), true), 1L, replyTo));
    var cancelled = open.<JobProtocol.JobLookup>runCommand(JobProtocol.CancelJob::new);
    assertThat(cancelled.events()).singleElement().isInstanceOf(JobEvent.JobClosed.class);
    assertThat(cancelled.reply().changed()).isTrue();
    assertThat(cancelled.reply().status().state()).isEqualTo(JobProtocol.JobState.succeeded);
    assertThat(open.<JobProtocol.JobLookup>runCommand(JobProtocol.CancelJob::new).reply().changed()).isFalse();
  }

  @Test
  void theTasksOfALostWorkerLaneAreOfferedAgainAndTheirResultsRecordedOnce() {
    TestProbe<JobIndexProtocol.Command> writer = KIT.createTestProbe();
    var running = entity("j-lost", writer, KIT.createTestProbe());
    running.<StatusReply<JobProtocol.JobAccepted>>runCommand(replyTo ->
        new JobProtocol.SubmitJob(new JobSpec(null, "two", List.of(noop(2))), 1L, replyTo));
    assertThat(next(broker, BrokerProtocol.JobHasWork.class).lane()).isEqualTo(Lane.IO);
    running.runCommand(new JobProtocol.PullTasks(Lane.IO, List.of(new JobProtocol.Grant("w:1", lane.ref(), 5, Set.of(TaskKind.fixed("noop")))), 1L, broker.ref()));
    assertThat(lane.expectMessageClass(LaneProtocol.AssignTasks.class).tasks()).hasSize(2);
    assertThat(next(broker, BrokerProtocol.TasksPulled.class).queued()).isZero();

    running.runCommand(new JobProtocol.LaneLost("w:1", Lane.IO));
    assertThat(next(broker, BrokerProtocol.JobHasWork.class).lane()).isEqualTo(Lane.IO);
    TestProbe<LaneProtocol.Command> other = KIT.createTestProbe();
    running.runCommand(new JobProtocol.PullTasks(Lane.IO, List.of(new JobProtocol.Grant("w:2", other.ref(), 5, Set.of(TaskKind.fixed("noop")))), 2L, broker.ref()));
    assertThat(other.expectMessageClass(LaneProtocol.AssignTasks.class).tasks()).extracting(task -> task.index())
        .containsExactly(0, 1);

    TestProbe<Done> done = KIT.createTestProbe();
    var recorded = running.runCommand(new JobProtocol.RecordResults(List.of(
        new ResultProtocol.ReportResults("j-lost", "w:1", Lane.IO, List.of(ok(0))),
        new ResultProtocol.ReportResults("j-lost", "w:2", Lane.IO, List.of(ok(0), ok(1)))), done.ref()));
    done.expectMessage(Done.getInstance());
    assertThat(recorded.events()).hasSize(2);
    assertThat(((JobEvent.ResultsRecorded) recorded.events().get(1)).outcomes().size()).as("task 0 once").isEqualTo(1);
    JobProtocol.JobStatus status = running.<JobProtocol.JobLookup>runCommand(JobProtocol.GetJob::new).reply().status();
    assertThat(status.state()).isEqualTo(JobProtocol.JobState.succeeded);
    assertThat(status.lanes().get(Lane.IO).succeeded()).isEqualTo(2);
    assertThat(status.lanes().get(Lane.IO).running()).isZero();
    var late = running.runCommand(new JobProtocol.RecordResults(List.of(
        new ResultProtocol.ReportResults("j-lost", "w:1", Lane.IO, List.of(ok(1)))), done.ref()));
    done.expectMessage(Done.getInstance());
    assertThat(late.events()).as("an ended job records nothing more").isEmpty();
  }

  /**
   * What a drained lane relies on: it unregisters (LaneLost) only once its results are recorded,
   * and then the job queues again only the tasks that have none.
   */
  @Test
  void aLaneLostAfterItsResultsWereRecordedRequeuesOnlyTheTasksWithoutOne() {
    var running = entity("j-drained", KIT.createTestProbe(), KIT.createTestProbe());
    running.<StatusReply<JobProtocol.JobAccepted>>runCommand(replyTo ->
        new JobProtocol.SubmitJob(new JobSpec(null, "three", List.of(noop(3))), 1L, replyTo));
    assertThat(next(broker, BrokerProtocol.JobHasWork.class).lane()).isEqualTo(Lane.IO);
    running.runCommand(new JobProtocol.PullTasks(Lane.IO, List.of(new JobProtocol.Grant("w:1", lane.ref(), 5, Set.of(TaskKind.fixed("noop")))), 1L, broker.ref()));
    assertThat(lane.expectMessageClass(LaneProtocol.AssignTasks.class).tasks()).hasSize(3);
    assertThat(next(broker, BrokerProtocol.TasksPulled.class).queued()).isZero();

    TestProbe<Done> done = KIT.createTestProbe();
    running.runCommand(new JobProtocol.RecordResults(List.of(
        new ResultProtocol.ReportResults("j-drained", "w:1", Lane.IO, List.of(ok(0), ok(2)))), done.ref()));
    done.expectMessage(Done.getInstance());
    running.runCommand(new JobProtocol.LaneLost("w:1", Lane.IO));
    assertThat(next(broker, BrokerProtocol.JobHasWork.class).lane()).isEqualTo(Lane.IO);
    TestProbe<LaneProtocol.Command> other = KIT.createTestProbe();
    running.runCommand(new JobProtocol.PullTasks(Lane.IO, List.of(new JobProtocol.Grant("w:2", other.ref(), 5, Set.of(TaskKind.fixed("noop")))), 2L, broker.ref()));
    assertThat(other.expectMessageClass(LaneProtocol.AssignTasks.class).tasks()).extracting(task -> task.index())
        .as("only the task without a result").containsExactly(1);
  }

  @Test
  void aJobListedButNeverSubmittedIsUnlistedWhenWoken() {
    TestProbe<JobIndexProtocol.Command> writer = KIT.createTestProbe();
    TestProbe<JobIndexProtocol.Command> jobIndex = KIT.createTestProbe();
    var never = entity("j-never", writer, jobIndex);
    never.runCommand(JobProtocol.Resume.INSTANCE);
    assertThat(jobIndex.expectMessageClass(JobIndexProtocol.Unlist.class).jobId()).isEqualTo("j-never");
    shard.expectMessageClass(ClusterSharding.Passivate.class);
    writer.expectNoMessage(Duration.ofMillis(50));
  }
}
