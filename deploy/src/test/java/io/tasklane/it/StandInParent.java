package io.tasklane.it;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * A stand-in for a test JVM, for {@link ExitWithTheTestRunIT}: starts processes the way the tests
 * do ({@code tasklane local up} through {@link Distribution#run}, a plain program through
 * {@link Processes#start}), says so on stdout, and waits to be killed.
 */
public final class StandInParent {

  private StandInParent() {}

  public static void main(String[] args) throws Exception {
    Path work = Path.of(args[0]);
    Tasklane.Result up = Distribution.run(work, Map.of(), 240, "local", "up", "--workers", "1", "--timeout", "180",
        "--no-warm-up");
    if (up.exitCode() != 0) {
      System.out.println("local up failed: " + up.stdout() + up.stderr());
      System.exit(1);
    }
    Process control = Processes.start(List.of("sleep", "600"), work, work.resolve("control.log"), Map.of());
    System.out.println("control " + control.pid());
    System.out.println("up");
    new CountDownLatch(1).await();
  }
}
