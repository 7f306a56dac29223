package io.tasklane.protocol.dispatch;

import io.tasklane.protocol.CborSerializable;
import io.tasklane.protocol.dispatch.JobProtocol.JobState;
import java.util.List;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.pattern.StatusReply;

/**
 * The job index: one sharded, event-sourced entity listing every job, newest first, and which
 * ones have not ended (so a restarted coordinator resumes them).
 */
public final class JobIndexProtocol {

  /** The one entity id of the index. */
  public static final String ENTITY_ID = "all-jobs";

  private JobIndexProtocol() {}

  public interface Command extends CborSerializable {}

  /** Lists a job (before it is submitted); listing an id twice is a no-op. */
  public record ListJob(JobSummary job, ActorRef<StatusReply<Done>> replyTo) implements Command {}

  /** A job ended (sent by the job each time it finds itself ended; idempotent). */
  public record NoteEnded(String jobId, JobState state, long endedAt, long total) implements Command {}

  /**
   * Listings and ends gathered by a node's index writer while its previous write was in
   * flight, journaled as one write (group commit); the same no-ops as one by one.
   */
  public record Write(List<JobSummary> listed, List<NoteEnded> ended, ActorRef<StatusReply<Done>> replyTo)
      implements Command {

    public Write {
      listed = List.copyOf(listed);
      ended = List.copyOf(ended);
    }
  }

  /** A listed id that has no job (its submission failed). */
  public record Unlist(String jobId) implements Command {}

  /**
   * Jobs, newest first, optionally only those in {@code state}: at most {@code limit} of them,
   * after skipping the newest {@code offset} (a page of the list).
   */
  public record GetJobs(JobState state, int offset, int limit, ActorRef<JobList> replyTo) implements Command {

    /** The first page. */
    public GetJobs(JobState state, int limit, ActorRef<JobList> replyTo) {
      this(state, 0, limit, replyTo);
    }
  }

  /** Wake every job that has not ended, so it recovers and asks for workers again. */
  public enum WakeUnfinished implements Command {
    INSTANCE
  }

  public record JobSummary(String id, String name, JobState state, long submittedAt, Long endedAt, long total)
      implements CborSerializable {

    public JobSummary ended(JobState endState, long at) {
      return ended(endState, at, total);
    }

    /** Ended with {@code finalTotal} tasks (an open job has more than it was listed with). */
    public JobSummary ended(JobState endState, long at, long finalTotal) {
      return new JobSummary(id, name, endState, submittedAt, at, finalTotal);
    }
  }

  /**
   * A page of the list: {@code matching} is how many listed jobs fit the filter (all pages), and
   * {@code forgotten} how many ended jobs the index no longer lists (past its limit of ended
   * jobs; their journal stays): so a reader knows what it does not see.
   */
  public record JobList(List<JobSummary> jobs, long matching, long forgotten) implements CborSerializable {

    public JobList {
      jobs = List.copyOf(jobs);
    }

    /** A list that is all there is. */
    public JobList(List<JobSummary> jobs) {
      this(jobs, jobs.size(), 0);
    }
  }
}
