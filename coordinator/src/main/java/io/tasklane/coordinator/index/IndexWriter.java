package io.tasklane.coordinator.index;

import io.tasklane.protocol.dispatch.JobIndexProtocol;
import io.tasklane.protocol.dispatch.JobIndexProtocol.JobSummary;
import io.tasklane.protocol.dispatch.JobIndexProtocol.ListJob;
import io.tasklane.protocol.dispatch.JobIndexProtocol.NoteEnded;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
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
 * gathered into the next one (group commit), so the one index entity journals one write per
 * round trip instead of one per job. Many small jobs a second (one per request) otherwise queue
 * behind each other's writes. What waits here is bounded by the requests waiting on it.
 */
public final class IndexWriter extends AbstractBehavior<JobIndexProtocol.Command> {

  /** Writes one group to the index; completes when it is journaled. */
  public interface IndexJournal {
    CompletionStage<Done> write(List<JobSummary> listed, List<NoteEnded> ended);
  }

  /** Most listings, and most ends, in one write. */
  static final int MAX_GROUP = 1000;

  /**
   * Most characters of job names and ids in one write (a name has no length limit): with the
   * per-entry overhead below, a write stays well under Artery's 4 MiB frame when the index
   * lives on another coordinator node.
   */
  static final long MAX_GROUP_CHARS = 512 * 1024;

  private static final int ENTRY_OVERHEAD = 64;

  private record Written(List<ActorRef<StatusReply<Done>>> waiting, List<NoteEnded> ended, Throwable failure)
      implements JobIndexProtocol.Command {}

  private final IndexJournal journal;
  private final List<ListJob> listed = new ArrayList<>();
  private final List<NoteEnded> ended = new ArrayList<>();
  private boolean writing;

  /** The writer of a coordinator node: groups go to the sharded index entity. */
  public static Behavior<JobIndexProtocol.Command> create(Duration askTimeout) {
    return Behaviors.setup(context -> {
      ClusterSharding sharding = ClusterSharding.get(context.getSystem());
      IndexJournal journal = (listed, ended) -> sharding
          .entityRefFor(JobIndex.TYPE_KEY, JobIndexProtocol.ENTITY_ID)
          .askWithStatus(replyTo -> new JobIndexProtocol.Write(listed, ended, replyTo), askTimeout);
      return new IndexWriter(context, journal);
    });
  }

  static Behavior<JobIndexProtocol.Command> create(IndexJournal journal) {
    return Behaviors.setup(context -> new IndexWriter(context, journal));
  }

  private IndexWriter(ActorContext<JobIndexProtocol.Command> context, IndexJournal journal) {
    super(context);
    this.journal = journal;
  }

  @Override
  public Receive<JobIndexProtocol.Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(ListJob.class, list -> {
          listed.add(list);
          return writeIfIdle();
        })
        .onMessage(NoteEnded.class, end -> {
          ended.add(end);
          return writeIfIdle();
        })
        .onMessage(Written.class, this::onWritten)
        .build();
  }

  private Behavior<JobIndexProtocol.Command> onWritten(Written written) {
    writing = false;
    if (written.failure() != null) {
      getContext().getLog().warn("Job index write failed: {}", written.failure().toString());
      // ends are idempotent: they go again with the next write (listings were answered with
      // the error; their requests failed and their jobs are woken and checked later)
      ended.addAll(0, written.ended());
    }
    StatusReply<Done> reply = written.failure() == null
        ? StatusReply.success(Done.getInstance())
        : StatusReply.error("the job index did not confirm the listing: " + written.failure().getMessage());
    written.waiting().forEach(replyTo -> replyTo.tell(reply));
    return writeIfIdle();
  }

  private Behavior<JobIndexProtocol.Command> writeIfIdle() {
    if (writing || (listed.isEmpty() && ended.isEmpty())) {
      return this;
    }
    int listings = 0;
    long chars = 0;
    while (listings < Math.min(MAX_GROUP, listed.size())) {
      JobSummary next = listed.get(listings).job();
      long size = ENTRY_OVERHEAD + next.id().length() + (next.name() == null ? 0 : next.name().length());
      if (listings > 0 && chars + size > MAX_GROUP_CHARS) {
        break;
      }
      chars += size;
      listings++;
    }
    List<JobSummary> groupListed = listed.subList(0, listings).stream().map(ListJob::job).toList();
    List<ActorRef<StatusReply<Done>>> groupWaiting = listed.subList(0, listings).stream().map(ListJob::replyTo).toList();
    listed.subList(0, listings).clear();
    int ends = Math.min(MAX_GROUP, ended.size());
    List<NoteEnded> groupEnded = List.copyOf(ended.subList(0, ends));
    ended.subList(0, ends).clear();
    writing = true;
    getContext().pipeToSelf(journal.write(groupListed, groupEnded),
        (done, failure) -> new Written(groupWaiting, groupEnded, failure));
    return this;
  }
}
