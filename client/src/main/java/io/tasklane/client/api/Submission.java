package io.tasklane.client.api;

/**
 * The coordinator's answer to a submission.
 *
 * @param id the job's id
 * @param created false when a job with this idempotency key (or id) already existed
 * @param tasks the tasks the job expanded to; -1 when the server did not say
 */
public record Submission(String id, boolean created, long tasks) {
}
