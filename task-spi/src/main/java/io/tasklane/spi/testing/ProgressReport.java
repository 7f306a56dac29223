package io.tasklane.spi.testing;

/** A report a handler made through {@code TaskContext.progress} during a {@link TaskHarness} run. */
public record ProgressReport(double fraction, String note) {}
