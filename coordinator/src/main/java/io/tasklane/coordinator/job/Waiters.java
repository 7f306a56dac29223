package io.tasklane.coordinator.job;

import io.tasklane.protocol.dispatch.JobProtocol.FollowResults;
import io.tasklane.protocol.dispatch.JobProtocol.JobEnded;
import io.tasklane.protocol.dispatch.JobProtocol.ResultsPage;
import io.tasklane.protocol.dispatch.JobProtocol.TasksEnded;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * Requests waiting in a job: for its end (submit with wait), for some of its tasks (append with
 * wait), and followers of its results that found nothing new. At most {@code max} of each kind
 * (end and task waiters together); a request past that is answered at once by its caller. An
 * append with wait is refused before its tasks are taken once {@code max} wait ({@link
 * #hasRoom()}); the task waiters themselves are kept up to twice {@code max}, so that the
 * requests whose appends were taken while others were on their way (and repeats of appends under
 * their idempotency key) still wait. A waiter is a few small objects here (its reply goes to the
 * HTTP request's own ask): thousands cost less than a megabyte, and new results find theirs by
 * task index (a tree lookup), not by looking at each.
 */
final class Waiters {

  /** Renders what a waiter for tasks {@code first} … {@code first + count - 1} gets. */
  @FunctionalInterface
  interface TaskResults {
    TasksEnded of(int first, int count);
  }

  /** A follower's request waiting for new results since {@code since} (System.nanoTime). */
  private record Parked(FollowResults follow, long since) {}

  /**
   * Waits for tasks {@code first} … {@code first + count - 1}, {@code left} of them not ended.
   * Several requests may wait on one append: a repeat under its idempotency key (its answer was
   * lost) waits beside the first request, which may still be waiting itself.
   */
  private static final class TaskWaiter {
    final int first;
    final int count;
    final List<ActorRef<TasksEnded>> replyTos = new ArrayList<>(1);
    int left;

    TaskWaiter(int first, int count, int left) {
      this.first = first;
      this.count = count;
      this.left = left;
    }

    void answer(TaskResults results) {
      TasksEnded ended = results.of(first, count);
      replyTos.forEach(replyTo -> replyTo.tell(ended));
    }
  }

  private final int max;
  private final List<ActorRef<JobEnded>> ends = new ArrayList<>();
  private final ArrayDeque<Parked> followers = new ArrayDeque<>();
  /** By their first task. */
  private final TreeMap<Integer, TaskWaiter> tasks = new TreeMap<>();
  private int waitingOnTasks;

  Waiters(int max) {
    this.max = max;
  }

  /** Waits for the job's end; false (not kept) when too many wait. */
  boolean awaitEnd(ActorRef<JobEnded> replyTo) {
    if (ends.size() >= max) {
      return false;
    }
    ends.add(replyTo);
    return true;
  }

  /** Whether an append with wait may be taken: fewer than {@code max} requests wait for the end or tasks. */
  boolean hasRoom() {
    return ends.size() + waitingOnTasks < max;
  }

  /** Requests waiting for the job's end or for some of its tasks. */
  int waiting() {
    return ends.size() + waitingOnTasks;
  }

  /**
   * Waits for {@code left} of tasks {@code first} … {@code first + count - 1} to end; false (not
   * kept) when twice {@code max} wait (appends past {@code max} were refused before: this is a
   * backstop), or others wait from {@code first} for another count.
   */
  boolean awaitTasks(int first, int count, int left, ActorRef<TasksEnded> replyTo) {
    TaskWaiter same = tasks.get(first);
    if (ends.size() + waitingOnTasks >= 2L * max || (same != null && same.count != count)) {
      return false;
    }
    tasks.computeIfAbsent(first, at -> new TaskWaiter(at, count, left)).replyTos.add(replyTo);
    waitingOnTasks++;
    return true;
  }

  /** Parks a follower until results come (or its park is over); false when too many wait. */
  boolean park(FollowResults follow, long now) {
    if (followers.size() >= max) {
      return false;
    }
    followers.addLast(new Parked(follow, now));
    return true;
  }

  /** New results (or the end): every parked follower gets its next page. */
  void answerFollowers(Function<FollowResults, ResultsPage> page) {
    while (!followers.isEmpty()) {
      FollowResults follow = followers.pollFirst().follow();
      follow.replyTo().tell(page.apply(follow));
    }
  }

  /**
   * Followers parked {@code park} nanoseconds or more get an empty page (they ask again if still
   * there). Returns the nanoseconds until the next one is due, or -1 when none is parked.
   */
  long sweep(long now, long park) {
    while (!followers.isEmpty() && now - followers.peekFirst().since() >= park) {
      FollowResults follow = followers.pollFirst().follow();
      follow.replyTo().tell(new ResultsPage("", 0, follow.from(), false));
    }
    return followers.isEmpty() ? -1 : park - (now - followers.peekFirst().since());
  }

  /** Newly recorded outcomes: answers the task waiters whose tasks have now all ended. */
  void recorded(RecordedOutcomes outcomes, TaskResults results) {
    if (tasks.isEmpty()) {
      return;
    }
    for (int i = 0; i < outcomes.size(); i++) {
      int index = outcomes.index(i);
      Map.Entry<Integer, TaskWaiter> entry = tasks.floorEntry(index);
      if (entry != null && index < entry.getValue().first + entry.getValue().count && --entry.getValue().left == 0) {
        tasks.remove(entry.getKey());
        waitingOnTasks -= entry.getValue().replyTos.size();
        entry.getValue().answer(results);
      }
    }
  }

  /** The job ended: every request waiting is answered and dropped. */
  void ended(Function<FollowResults, ResultsPage> page, TaskResults results, Supplier<JobEnded> end) {
    answerFollowers(page);
    tasks.values().forEach(waiter -> waiter.answer(results));
    tasks.clear();
    waitingOnTasks = 0;
    if (!ends.isEmpty()) {
      JobEnded ended = end.get();
      ends.forEach(waiter -> waiter.tell(ended));
      ends.clear();
    }
  }
}
