package io.tasklane.coordinator.index;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import io.tasklane.coordinator.CoordinatorSettings;
import io.tasklane.protocol.dispatch.JobIndexProtocol;
import io.tasklane.protocol.dispatch.JobIndexProtocol.JobSummary;
import io.tasklane.protocol.dispatch.JobIndexProtocol.NoteEnded;
import io.tasklane.protocol.dispatch.JobProtocol.JobState;
import java.util.List;
import org.apache.pekko.Done;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class JobIndexTest {

  private static final ActorTestKit KIT = ActorTestKit.create(
      EventSourcedBehaviorTestKit.config().withFallback(ConfigFactory.load()));

  @AfterAll
  static void shutDown() {
    KIT.shutdownTestKit();
  }

  private final EventSourcedBehaviorTestKit<JobIndexProtocol.Command, JobIndex.Event, JobIndex.State> index =
      EventSourcedBehaviorTestKit.create(KIT.system(),
          JobIndex.create("all-jobs", CoordinatorSettings.fromConfig(ConfigFactory.load())),
          // events and commands are checked to serialize; the state is never stored (no snapshots)
          new EventSourcedBehaviorTestKit.SerializationSettings(true, false, true, true, false));

  private static JobSummary job(String id) {
    return new JobSummary(id, "n", JobState.running, 1L, null, 1);
  }

  private static NoteEnded ended(String id) {
    return new NoteEnded(id, JobState.succeeded, 5L);
  }

  private List<JobSummary> jobs() {
    return index.<JobIndexProtocol.JobList>runCommand(replyTo -> new JobIndexProtocol.GetJobs(null, 100, replyTo))
        .reply().jobs();
  }

  @Test
  void journalsAGroupAsOneWriteAndKeepsEachChangeIdempotent() {
    var first = index.<StatusReply<Done>>runCommand(replyTo -> new JobIndexProtocol.Write(
        List.of(job("a"), job("b"), job("a")), List.of(ended("a"), ended("a"), ended("unknown")), replyTo));
    assertThat(first.reply().isSuccess()).isTrue();
    // a listed once, b listed, a ended once (listed in the same group), the unknown end dropped
    assertThat(first.events()).hasSize(3);
    assertThat(jobs()).extracting(JobSummary::id, JobSummary::state)
        .containsExactlyInAnyOrder(
            org.assertj.core.api.Assertions.tuple("a", JobState.succeeded),
            org.assertj.core.api.Assertions.tuple("b", JobState.running));

    var again = index.<StatusReply<Done>>runCommand(replyTo -> new JobIndexProtocol.Write(
        List.of(job("b")), List.of(ended("a")), replyTo));
    assertThat(again.reply().isSuccess()).isTrue();
    assertThat(again.events()).as("nothing new: no write").isEmpty();
  }
}
