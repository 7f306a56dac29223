package io.tasklane.coordinator.http;

import static org.apache.pekko.http.javadsl.server.Directives.complete;
import static org.apache.pekko.http.javadsl.server.Directives.completeWithFuture;

import io.tasklane.coordinator.dashboard.DashboardSettings;
import io.tasklane.coordinator.job.JobEntity;
import io.tasklane.coordinator.job.JobEvent;
import io.tasklane.coordinator.job.JobHistory;
import java.util.concurrent.Semaphore;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.persistence.jdbc.query.javadsl.JdbcReadJournal;
import org.apache.pekko.persistence.query.PersistenceQuery;
import org.apache.pekko.persistence.typed.PersistenceId;

/**
 * {@code GET /api/jobs/{id}/history}: the job's past from its journal ({@link JobHistory}):
 * tasks finished over time, each worker lane's share, and for a small job every task's end. It
 * reads the job's events, so it is there for any job the journal has, after a restart too; at
 * most {@code max-history-reads} run at once on a node (503 past it).
 */
final class HistoryRoutes {

  private final ActorSystem<?> system;
  private final DashboardSettings dashboard;
  private final Semaphore reads;

  HistoryRoutes(ActorSystem<?> system, DashboardSettings dashboard) {
    this.system = system;
    this.dashboard = dashboard;
    this.reads = new Semaphore(dashboard.maxHistoryReads());
  }

  Route history(String id) {
    if (!reads.tryAcquire()) {
      return complete(Json.error(StatusCodes.SERVICE_UNAVAILABLE, "too many job histories being read on this node ("
          + dashboard.maxHistoryReads() + ", tasklane.coordinator.dashboard.max-history-reads); retry"));
    }
    JdbcReadJournal journal = PersistenceQuery.get(system).getReadJournalFor(JdbcReadJournal.class,
        JdbcReadJournal.Identifier());
    String persistenceId = PersistenceId.of(JobEntity.TYPE_KEY.name(), id).id();
    return completeWithFuture(journal.currentEventsByPersistenceId(persistenceId, 0L, Long.MAX_VALUE)
        .runFold(new JobHistory(dashboard.historyPoints(), dashboard.timelineMaxTasks()), (history, envelope) -> {
          if (envelope.event() instanceof JobEvent event) {
            history.apply(event);
          }
          return history;
        }, system)
        .whenComplete((history, failure) -> reads.release())
        .thenApply(history -> history.exists()
            ? Json.response(StatusCodes.OK, history.view())
            : Json.noSuchJob(id)));
  }
}
