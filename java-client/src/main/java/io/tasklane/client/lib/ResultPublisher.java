package io.tasklane.client.lib;

import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A job's results as a {@link Flow.Publisher}: each subscriber gets its own follow of the job,
 * read on a thread of the client's executor, and a line is read from the connection only once
 * the subscriber has asked for it (demand), so a slow subscriber slows the coordinator's
 * stream down instead of filling a buffer. Signals are serial; {@code cancel} closes the
 * connection at once.
 */
final class ResultPublisher<T> implements Flow.Publisher<T> {

  private final Supplier<ResultFollower> follow;
  private final Function<String, T> parse;
  private final Executor executor;

  ResultPublisher(Supplier<ResultFollower> follow, Function<String, T> parse, Executor executor) {
    this.follow = follow;
    this.parse = parse;
    this.executor = executor;
  }

  @Override
  public void subscribe(Flow.Subscriber<? super T> subscriber) {
    Subscription<T> subscription = new Subscription<>(subscriber, follow, parse);
    subscriber.onSubscribe(subscription);
    executor.execute(subscription::run);
  }

  private static final class Subscription<T> implements Flow.Subscription {

    private final Flow.Subscriber<? super T> subscriber;
    private final Supplier<ResultFollower> follow;
    private final Function<String, T> parse;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition asked = lock.newCondition();
    private final AtomicBoolean cancelled = new AtomicBoolean();
    private long demand;
    private IllegalArgumentException badRequest;
    private volatile ResultFollower follower;

    Subscription(Flow.Subscriber<? super T> subscriber, Supplier<ResultFollower> follow, Function<String, T> parse) {
      this.subscriber = subscriber;
      this.follow = follow;
      this.parse = parse;
    }

    @Override
    public void request(long n) {
      lock.lock();
      try {
        if (n <= 0) {
          badRequest = new IllegalArgumentException("request(" + n + "): demand must be positive (rule 3.9)");
        } else {
          demand = demand + n < 0 ? Long.MAX_VALUE : demand + n;
        }
        asked.signalAll();
      } finally {
        lock.unlock();
      }
    }

    @Override
    public void cancel() {
      if (cancelled.compareAndSet(false, true)) {
        ResultFollower open = follower;
        if (open != null) {
          open.close();
        }
        lock.lock();
        try {
          asked.signalAll();
        } finally {
          lock.unlock();
        }
      }
    }

    void run() {
      try (ResultFollower results = follow.get()) {
        follower = results;
        if (cancelled.get()) {
          return;
        }
        while (awaitDemand()) {
          if (!results.hasNext()) {
            if (!cancelled.get()) {
              subscriber.onComplete();
            }
            return;
          }
          T item = parse.apply(results.next());
          if (cancelled.get()) {
            return;
          }
          subscriber.onNext(item);
        }
      } catch (RuntimeException failed) {
        if (cancelled.compareAndSet(false, true)) {
          subscriber.onError(failed);
        }
      }
    }

    /** Waits for demand; false once cancelled. Takes one from it. */
    private boolean awaitDemand() {
      lock.lock();
      try {
        while (demand == 0 && badRequest == null && !cancelled.get()) {
          asked.awaitUninterruptibly();
        }
        if (badRequest != null) {
          throw badRequest;
        }
        if (cancelled.get()) {
          return false;
        }
        demand--;
        return true;
      } finally {
        lock.unlock();
      }
    }
  }
}
