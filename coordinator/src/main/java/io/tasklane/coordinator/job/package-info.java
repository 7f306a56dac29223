/**
 * One job of the coordinator: a sharded, event-sourced {@link io.tasklane.coordinator.job.JobEntity}.
 *
 * <p>What the journal decides is the {@link io.tasklane.coordinator.job.JobLedger} (plain Java,
 * changed only by applying a {@link io.tasklane.coordinator.job.JobEvent}): the
 * {@link io.tasklane.coordinator.job.Templates} and their task numbering, the
 * {@link io.tasklane.coordinator.job.ResultLog} (with its {@link io.tasklane.coordinator.job.ResultStore}
 * and {@link io.tasklane.coordinator.job.ResultPages}), the {@link io.tasklane.coordinator.job.LaneTally},
 * the {@link io.tasklane.coordinator.job.AppendKeys}, and the job's {@link io.tasklane.coordinator.job.JobPhase}:
 *
 * <pre>
 *   from      to         on
 *   (none)    OPEN       JobSubmitted of an open job
 *   (none)    RUNNING    JobSubmitted of a job with tasks
 *   (none)    ENDED      JobSubmitted of a job without tasks
 *   OPEN      RUNNING    JobClosed (tasks left)
 *   OPEN      ENDED      JobClosed (every task ended)
 *   OPEN      CANCELLED  JobCancelled
 *   RUNNING   ENDED      ResultsRecorded of the last task
 *   RUNNING   CANCELLED  JobCancelled
 * </pre>
 *
 * <p>What lives only in memory is the {@link io.tasklane.coordinator.job.JobRuntime}, built when the
 * job is submitted or recovered and changed by commands: the
 * {@link io.tasklane.coordinator.job.Dispenser} (lane queues, tasks in flight,
 * {@link io.tasklane.coordinator.job.Affinity}) and the {@link io.tasklane.coordinator.job.Waiters}.
 *
 * <p>The events carry the coordinator's own payloads ({@link io.tasklane.coordinator.job.RecordedSpec},
 * {@link io.tasklane.coordinator.job.RecordedTemplate}, {@link io.tasklane.coordinator.job.RecordedOutcomes}
 * written by {@link io.tasklane.coordinator.job.OutcomeCodec}), never a wire record.
 */
package io.tasklane.coordinator.job;
