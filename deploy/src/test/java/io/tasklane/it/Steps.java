package io.tasklane.it;

/** Progress lines for long integration tests: what happened when, to read a failure's timing. */
final class Steps {

  private final String test;
  private final long start = System.nanoTime();

  Steps(String test) {
    this.test = test;
  }

  void log(String message, Object... args) {
    double seconds = (System.nanoTime() - start) / 1e9;
    System.out.printf("[%s +%.1fs] %s%n", test, seconds, args.length == 0 ? message : message.formatted(args));
  }
}
