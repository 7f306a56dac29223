package io.tasklane.worker.plugin;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts a plugin version's attempts running now; once the version is retired (removed) and
 * none runs, closes it (its class loader) exactly once. Thread-safe: attempts start and end on
 * lane, CPU and virtual threads.
 */
final class InUse {

  private final AtomicInteger running = new AtomicInteger();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final Runnable close;
  private volatile boolean retired;

  InUse(Runnable close) {
    this.close = close;
  }

  void acquire() {
    running.incrementAndGet();
  }

  void release() {
    if (running.decrementAndGet() == 0 && retired) {
      closeOnce();
    }
  }

  /** No new attempt will find the version: close it once the running ones ended (now if none runs). */
  void retire() {
    retired = true;
    if (running.get() == 0) {
      closeOnce();
    }
  }

  int running() {
    return running.get();
  }

  boolean isClosed() {
    return closed.get();
  }

  private void closeOnce() {
    if (closed.compareAndSet(false, true)) {
      close.run();
    }
  }
}
