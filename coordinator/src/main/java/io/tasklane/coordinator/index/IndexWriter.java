package io.tasklane.coordinator.index;

import io.tasklane.coordinator.commit.GroupCommit;
import io.tasklane.coordinator.settings.CoordinatorSettings;
import io.tasklane.protocol.Utf8;
import io.tasklane.protocol.dispatch.JobIndexProtocol.JobSummary;
import io.tasklane.protocol.dispatch.JobIndexProtocol.ListJob;
import io.tasklane.protocol.dispatch.JobIndexProtocol.NoteEnded;
import io.tasklane.protocol.dispatch.JobIndexProtocol;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.pattern.StatusReply;

/**
 * Each coordinator node's way into the job index: listings ({@link ListJob}, answered once
 * journaled) and ends ({@link NoteEnded}) that arrive while the previous write is in flight are
 * gathered into the next one ({@link GroupCommit}), so the one index entity journals one write
 * per round trip instead of one per job. Many small jobs a second (one per request) otherwise
 * queue behind each other's writes. What waits here is bounded by the requests waiting on it.
 */
public final class IndexWriter extends AbstractBehavior<JobIndexProtocol.Command> {

  /** Writes one group to the index; completes when it is journaled. */
  public interface IndexJournal {
    CompletionStage<Done> write(List<JobSummary> listed, List<NoteEnded> ended);
  }

  /** Most listings and ends in one write. */
  static final int MAX_GROUP = 1000;

  /** What a listing or an end costs in a write besides its text (state, times, total, framing). */
  private static final int ENTRY_OVERHEAD = 64;

  private record Written(List<JobIndexProtocol.Command> group, Throwable failure) implements JobIndexProtocol.Command {}

  private final IndexJournal journal;
  private final GroupCommit<JobIndexProtocol.Command> groups;

  /**
   * The writer of a coordinator node: groups go to the sharded index entity, each at most
   * tasklane.coordinator.max-message-bytes, as the index may live on another coordinator node.
   */
  public static Behavior<JobIndexProtocol.Command> create(CoordinatorSettings settings) {
    return Behaviors.setup(context -> {
      ClusterSharding sharding = ClusterSharding.get(context.getSystem());
      IndexJournal journal = (listed, ended) -> sharding
          .entityRefFor(JobIndex.TYPE_KEY, JobIndexProtocol.ENTITY_ID)
          .askWithStatus(replyTo -> new JobIndexProtocol.Write(listed, ended, replyTo), settings.askTimeout());
      return new IndexWriter(context, journal, settings.maxMessageBytes());
    });
  }

  static Behavior<JobIndexProtocol.Command> create(IndexJournal journal, long maxMessageBytes) {
    return Behaviors.setup(context -> new IndexWriter(context, journal, maxMessageBytes));
  }

  private IndexWriter(ActorContext<JobIndexProtocol.Command> context, IndexJournal journal, long maxMessageBytes) {
    super(context);
    this.journal = journal;
    this.groups = new GroupCommit<>(MAX_GROUP, maxMessageBytes, IndexWriter::estimate);
  }

  @Override
  public Receive<JobIndexProtocol.Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(ListJob.class, list -> write(groups.add(list)))
        .onMessage(NoteEnded.class, end -> write(groups.add(end)))
        .onMessage(Written.class, this::onWritten)
        .build();
  }

  private Behavior<JobIndexProtocol.Command> onWritten(Written written) {
    if (written.failure() == null) {
      written.group().forEach(entry -> reply(entry, StatusReply.success(Done.getInstance())));
      return write(groups.written());
    }
    getContext().getLog().warn("Job index write failed: {}", written.failure().toString());
    // ends are idempotent: they go again with the next write (listings are answered with the
    // error; their requests fail and their jobs are woken and checked later)
    StatusReply<Done> error =
        StatusReply.error("the job index did not confirm the listing: " + written.failure().getMessage());
    written.group().forEach(entry -> reply(entry, error));
    List<JobIndexProtocol.Command> ends = written.group().stream().filter(NoteEnded.class::isInstance).toList();
    return write(groups.failed(ends));
  }

  private static void reply(JobIndexProtocol.Command entry, StatusReply<Done> reply) {
    if (entry instanceof ListJob list) {
      list.replyTo().tell(reply);
    }
  }

  private Behavior<JobIndexProtocol.Command> write(List<JobIndexProtocol.Command> group) {
    if (group.isEmpty()) {
      return this;
    }
    List<JobSummary> listed = new ArrayList<>();
    List<NoteEnded> ended = new ArrayList<>();
    for (JobIndexProtocol.Command entry : group) {
      if (entry instanceof ListJob list) {
        listed.add(list.job());
      } else {
        ended.add((NoteEnded) entry);
      }
    }
    getContext().pipeToSelf(journal.write(List.copyOf(listed), List.copyOf(ended)),
        (done, failure) -> new Written(group, failure));
    return this;
  }

  /** The bytes (roughly) a listing or an end adds to a write: a job's name has no length limit. */
  static long estimate(JobIndexProtocol.Command entry) {
    if (entry instanceof ListJob list) {
      return ENTRY_OVERHEAD + Utf8.length(list.job().id()) + Utf8.length(list.job().name());
    }
    return ENTRY_OVERHEAD + Utf8.length(((NoteEnded) entry).jobId());
  }
}
