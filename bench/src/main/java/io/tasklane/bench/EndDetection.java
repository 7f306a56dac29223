package io.tasklane.bench;

/** How the client learns that a job without {@code ?wait=true} has ended. */
enum EndDetection {
  /**
   * {@code GET /api/jobs/{id}/results?follow=true} from the submit on: results stream in as
   * tasks end, and the stream ends with the job (no separate fetch after the end).
   */
  follow,
  /** {@code GET /api/jobs/{id}} every few milliseconds ({@code --poll-ms}). */
  poll,
  /** The push stream {@code GET /api/jobs/{id}/events} (its server ticks every 250 ms). */
  sse
}
