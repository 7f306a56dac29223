package io.tasklane.coordinator.dispatch;

import io.tasklane.coordinator.commit.GroupCommit;
import io.tasklane.protocol.dispatch.ResultProtocol.ReportResults;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * One job's results at a result router: its {@link GroupCommit}, and the confirmations waiting
 * for the batches that arrived before them to be journaled ({@link
 * io.tasklane.protocol.dispatch.ResultProtocol.ConfirmRecorded}). Groups are written one at a
 * time in arrival order (a failed group is written again first), so "every batch before the
 * confirmation is journaled" is "as many batches written as had arrived". Plain Java, owned by
 * the router actor; confirmations are bounded by the lanes that drain (one per lane and job).
 *
 * @param <R> what a confirmation answers to (the lane's ref)
 */
final class JobResults<R> {

  private record Waiting<R>(long arrived, R replyTo) {}

  private final GroupCommit<ReportResults> groups;
  private final ArrayDeque<Waiting<R>> confirmations = new ArrayDeque<>();
  private long arrived;
  private long written;

  JobResults(GroupCommit<ReportResults> groups) {
    this.groups = groups;
  }

  /** A worker batch arrived; answers the group to write now (empty while a write is in flight). */
  List<ReportResults> add(ReportResults batch) {
    arrived++;
    return groups.add(batch);
  }

  /**
   * A lane asks to hear when what arrived so far is journaled: true when it is already (answer
   * at once), else it waits here and a later {@link #written} answers it.
   */
  boolean confirm(R replyTo) {
    if (written >= arrived) {
      return true;
    }
    confirmations.addLast(new Waiting<>(arrived, replyTo));
    return false;
  }

  /** The group in flight ({@code group}) is journaled; answers the next group. */
  List<ReportResults> written(List<ReportResults> group) {
    written += group.size();
    return groups.written();
  }

  /** The group in flight failed: it goes again first; answers the next group. */
  List<ReportResults> failed(List<ReportResults> group) {
    return groups.failed(group);
  }

  /** Takes the confirmations whose batches are all journaled now, in arrival order. */
  List<R> confirmed() {
    List<R> due = new ArrayList<>();
    while (!confirmations.isEmpty() && confirmations.peekFirst().arrived() <= written) {
      due.add(confirmations.pollFirst().replyTo());
    }
    return due;
  }

  /** Nothing in flight, nothing waiting, no confirmation pending: the router may forget it. */
  boolean isIdle() {
    return groups.isIdle() && confirmations.isEmpty();
  }
}
