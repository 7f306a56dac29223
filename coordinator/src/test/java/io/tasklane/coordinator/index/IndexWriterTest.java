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
    }));
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
    writer.tell(new JobIndexProtocol.NoteEnded("a", JobState.succeeded, 2L));
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
  void aFailedWriteFailsTheListingsItCarriedAndTheWriterGoesOn() throws Exception {
    ActorRef<JobIndexProtocol.Command> writer = writer();
    TestProbe<StatusReply<Done>> a = KIT.createTestProbe();
    TestProbe<StatusReply<Done>> b = KIT.createTestProbe();

    writer.tell(new JobIndexProtocol.ListJob(job("a"), a.ref()));
    Call first = nextCall();
    writer.tell(new JobIndexProtocol.ListJob(job("b"), b.ref()));
    first.done().completeExceptionally(new IllegalStateException("journal down"));

    StatusReply<Done> failed = a.receiveMessage();
    assertThat(failed.isError()).isTrue();
    assertThat(failed.getError().getMessage()).contains("journal down");
    Call second = nextCall();
    assertThat(second.listed()).extracting(JobSummary::id).containsExactly("b");
    second.done().complete(Done.getInstance());
    assertThat(b.receiveMessage().isSuccess()).isTrue();
  }
}
