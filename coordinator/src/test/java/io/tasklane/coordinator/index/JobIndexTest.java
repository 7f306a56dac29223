package io.tasklane.coordinator.index;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import io.tasklane.coordinator.settings.CoordinatorSettings;
import io.tasklane.protocol.dispatch.JobIndexProtocol.JobSummary;
import io.tasklane.protocol.dispatch.JobIndexProtocol.NoteEnded;
import io.tasklane.protocol.dispatch.JobIndexProtocol;
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
    return new NoteEnded(id, JobState.succeeded, 5L, 7L);
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
    assertThat(jobs()).extracting(JobSummary::id, JobSummary::state, JobSummary::total)
        .as("an ended job with its final total (an open one grows after it is listed)")
        .containsExactlyInAnyOrder(
            org.assertj.core.api.Assertions.tuple("a", JobState.succeeded, 7L),
            org.assertj.core.api.Assertions.tuple("b", JobState.running, 1L));

    var again = index.<StatusReply<Done>>runCommand(replyTo -> new JobIndexProtocol.Write(
        List.of(job("b")), List.of(ended("a")), replyTo));
    assertThat(again.reply().isSuccess()).isTrue();
    assertThat(again.events()).as("nothing new: no write").isEmpty();
  }

  @Test
  void anEndJournaledBeforeTotalsWereKeptKeepsTheListedTotal() throws Exception {
    var serialization = org.apache.pekko.serialization.SerializationExtension.get(
        org.apache.pekko.actor.typed.javadsl.Adapter.toClassic(KIT.system()));
    JobIndex.Ended ended = new JobIndex.Ended("a", JobState.succeeded, 5L, 7L);
    var serializer = serialization.serializerFor(ended.getClass());
    var cbor = new com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper();
    var tree = (com.fasterxml.jackson.databind.node.ObjectNode) cbor.readTree(serializer.toBinary(ended));
    assertThat(tree.remove("total")).isNotNull();
    Object old = serialization.deserialize(cbor.writeValueAsBytes(tree), serializer.identifier(),
        org.apache.pekko.serialization.Serializers.manifestFor(serializer, ended)).get();
    assertThat(old).isEqualTo(new JobIndex.Ended("a", JobState.succeeded, 5L, null));

    JobCatalog catalog = new JobCatalog(10);
    catalog.add(job("a"));
    catalog.end("a", JobState.succeeded, 5L, ((JobIndex.Ended) old).total());
    assertThat(catalog.newest(null, 10)).extracting(JobSummary::total).containsExactly(1L);
  }
}
