package io.tasklane.worker.task;

import io.tasklane.protocol.Lane;

/**
 * What a lane is: its node's name, which lane, how many tasks at once, and what it runs with.
 *
 * @param worker the node's name ({@code host:port})
 */
public record LaneSetup(
    String worker,
    Lane lane,
    int capacity,
    int resultBatchMax,
    RetryBackoff backoff,
    HandlerRegistry registry,
    TaskServices services) {}
