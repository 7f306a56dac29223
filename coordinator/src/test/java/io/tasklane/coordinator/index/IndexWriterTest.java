package io.tasklane.coordinator.index;

import static org.assertj.core.api.Assertions.assertThat;

import io.tasklane.protocol.dispatch.JobIndexProtocol;
import io.tasklane.protocol.dispatch.JobIndexProtocol.JobSummary;
import io.tasklane.protocol.dispatch.JobIndexProtocol.NoteEnded;
import io.tasklane.protocol.dispatch.JobProtocol.JobState;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.Done;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.pattern.StatusReply;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class IndexWriterTest {

  private static final ActorTestKit KIT = ActorTestKit.create();

  /** The writer's budget before it became tasklane.coordinator.max-message-bytes (then in characters). */
  private static final long MAX_BYTES = 512 * 1024;

  /** One write the writer asked for, completed by the test. */
  private record Call(List<JobSummary> listed, List<NoteEnded> ended, CompletableFuture<Done> done) {}

  private final LinkedBlockingQueue<Call> calls = new LinkedBlockingQueue<>();

  @AfterAll
  static void shutDown() {
    KIT.shutdownTestKit();
  }

  private ActorRef<JobIndexProtocol.Command> writer() {
    return KIT.spawn(IndexWriter.create((listed, ended) -> {
      CompletableFuture<Done> done = new CompletableFuture<>();
      calls.add(new Call(listed, ended, done));
      return done;
    }, MAX_BYTES));
  }

  private Call nextCall() throws InterruptedException {
    Call call = calls.poll(5, TimeUnit.SECONDS);
    assertThat(call).as("a write").isNotNull();
    return call;
  }

  private static JobSummary job(String id) {
    return new JobSummary(id, "n", JobState.running, 1L, null, 1);
  }

  @Test
  void gathersWhatArrivesDuringAWriteIntoTheNextOne() throws Exception {
    ActorRef<JobIndexProtocol.Command> writer = writer();
    TestProbe<StatusReply<Done>> a = KIT.createTestProbe();
    TestProbe<StatusReply<Done>> b = KIT.createTestProbe();
    TestProbe<StatusReply<Done>> c = KIT.createTestProbe();

    writer.tell(new JobIndexProtocol.ListJob(job("a"), a.ref()));
    Call first = nextCall();
    assertThat(first.listed()).extracting(JobSummary::id).containsExactly("a");

    writer.tell(new JobIndexProtocol.ListJob(job("b"), b.ref()));
    writer.tell(new JobIndexProtocol.NoteEnded("a", JobState.succeeded, 2L, 1L));
    writer.tell(new JobIndexProtocol.ListJob(job("c"), c.ref()));
    // nothing is written while the first write is in flight, and no one is answered early
    assertThat(calls.poll(200, TimeUnit.MILLISECONDS)).isNull();
    a.expectNoMessage(Duration.ofMillis(50));

    first.done().complete(Done.getInstance());
    assertThat(a.receiveMessage().isSuccess()).isTrue();
    Call second = nextCall();
    assertThat(second.listed()).extracting(JobSummary::id).containsExactly("b", "c");
    assertThat(second.ended()).extracting(NoteEnded::jobId).containsExactly("a");
    b.expectNoMessage(Duration.ofMillis(50));

    second.done().complete(Done.getInstance());
    assertThat(b.receiveMessage().isSuccess()).isTrue();
    assertThat(c.receiveMessage().isSuccess()).isTrue();
    assertThat(calls.poll(200, TimeUnit.MILLISECONDS)).as("nothing left to write").isNull();
  }

  @Test
  void aFailedWriteFailsTheListingsItCarriedAndSendsItsEndsAgain() throws Exception {
    ActorRef<JobIndexProtocol.Command> writer = writer();
    TestProbe<StatusReply<Done>> a = KIT.createTestProbe();
    TestProbe<StatusReply<Done>> b = KIT.createTestProbe();

    writer.tell(new JobIndexProtocol.ListJob(job("a"), a.ref()));
    Call first = nextCall();
    writer.tell(new JobIndexProtocol.NoteEnded("old", JobState.succeeded, 2L, 1L));
    writer.tell(new JobIndexProtocol.ListJob(job("b"), b.ref()));
    first.done().complete(Done.getInstance());
    assertThat(a.receiveMessage().isSuccess()).isTrue();

    Call second = nextCall();
    assertThat(second.listed()).extracting(JobSummary::id).containsExactly("b");
    assertThat(second.ended()).extracting(NoteEnded::jobId).containsExactly("old");
    second.done().completeExceptionally(new IllegalStateException("journal down"));

    StatusReply<Done> failed = b.receiveMessage();
    assertThat(failed.isError()).isTrue();
    assertThat(failed.getError().getMessage()).contains("journal down");
    Call retry = nextCall();
    assertThat(retry.listed()).isEmpty();
    assertThat(retry.ended()).as("ends are idempotent: a failed write's ends go again")
        .extracting(NoteEnded::jobId).containsExactly("old");
    retry.done().complete(Done.getInstance());
    assertThat(calls.poll(200, TimeUnit.MILLISECONDS)).as("nothing left to write").isNull();
  }

  @Test
  void aGroupStopsAtItsSizeLimitAndTheRestFollows() throws Exception {
    ActorRef<JobIndexProtocol.Command> writer = writer();
    TestProbe<StatusReply<Done>> first = KIT.createTestProbe();
    writer.tell(new JobIndexProtocol.ListJob(job("first"), first.ref()));
    Call busy = nextCall();
    String longName = "n".repeat(200 * 1024);
    List<TestProbe<StatusReply<Done>>> waiting = new java.util.ArrayList<>();
    for (int i = 0; i < 4; i++) {
      TestProbe<StatusReply<Done>> probe = KIT.createTestProbe();
      waiting.add(probe);
      writer.tell(new JobIndexProtocol.ListJob(new JobSummary("big-" + i, longName, JobState.running, 1L, null, 1),
          probe.ref()));
    }
    busy.done().complete(Done.getInstance());
    Call second = nextCall();
    assertThat(second.listed()).as("two 200 K names fit in 512 K bytes, three do not").hasSize(2);
    second.done().complete(Done.getInstance());
    Call third = nextCall();
    assertThat(third.listed()).extracting(JobSummary::id).containsExactly("big-2", "big-3");
    third.done().complete(Done.getInstance());
    for (TestProbe<StatusReply<Done>> probe : waiting) {
      assertThat(probe.receiveMessage().isSuccess()).isTrue();
    }
  }

  @Test
  void entriesCountAtTheirUtf8SizeWithAnOverheadEach() {
    assertThat(IndexWriter.estimate(new JobIndexProtocol.ListJob(
        new JobSummary("j-1", "é".repeat(100), JobState.running, 1L, null, 1), KIT.<StatusReply<Done>>createTestProbe().ref())))
        .as("é is two bytes").isEqualTo(64 + 3 + 200);
    assertThat(IndexWriter.estimate(new JobIndexProtocol.ListJob(
        new JobSummary("j-1", null, JobState.running, 1L, null, 1), KIT.<StatusReply<Done>>createTestProbe().ref())))
        .isEqualTo(64 + 3);
    assertThat(IndexWriter.estimate(new NoteEnded("j-1", JobState.succeeded, 2L, 1L))).isEqualTo(64 + 3);
  }

  @Test
  void anEndThatArrivesAfterAListingIsNeverWrittenBeforeIt() throws Exception {
    ActorRef<JobIndexProtocol.Command> writer = writer();
    TestProbe<StatusReply<Done>> busy = KIT.createTestProbe();
    writer.tell(new JobIndexProtocol.ListJob(job("busy"), busy.ref()));
    Call first = nextCall();
    String longName = "n".repeat(300 * 1024);
    TestProbe<StatusReply<Done>> probe = KIT.createTestProbe();
    writer.tell(new JobIndexProtocol.ListJob(new JobSummary("big-0", longName, JobState.running, 1L, null, 1), probe.ref()));
    writer.tell(new JobIndexProtocol.ListJob(new JobSummary("big-1", longName, JobState.running, 1L, null, 1), probe.ref()));
    writer.tell(new JobIndexProtocol.NoteEnded("big-1", JobState.succeeded, 2L, 1L));
    first.done().complete(Done.getInstance());
    Call second = nextCall();
    assertThat(second.listed()).extracting(JobSummary::id).containsExactly("big-0");
    assertThat(second.ended()).as("big-1 is not listed yet").isEmpty();
    second.done().complete(Done.getInstance());
    Call third = nextCall();
    assertThat(third.listed()).extracting(JobSummary::id).containsExactly("big-1");
    assertThat(third.ended()).extracting(NoteEnded::jobId).containsExactly("big-1");
    third.done().complete(Done.getInstance());
  }
}
