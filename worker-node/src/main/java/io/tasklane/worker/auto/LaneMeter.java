package io.tasklane.worker.auto;

import io.tasklane.protocol.Lane;
import io.tasklane.protocol.dispatch.TypeOffer;
import io.tasklane.worker.settings.AutoLaneSettings;

/**
 * One task type's recent runs, as thread CPU time and wall time, and the lane they choose: the
 * CPU lane when the type mostly computes (CPU/wall above {@code cpu-above}), the I/O lane when it
 * mostly waits (below {@code io-below}); between the two a choice stays (hysteresis), so a type
 * near the line does not flap. The first choice comes after {@code min-samples} runs and splits
 * at the middle. Over the last {@code window} runs, so a change of behaviour is noticed. Plain
 * Java, not thread-safe: {@link LaneChoices} guards it.
 */
public final class LaneMeter {

  private final AutoLaneSettings settings;
  private final long[] cpu;
  private final long[] wall;
  private int next;
  private int count;
  private long cpuSum;
  private long wallSum;
  private Lane chosen;
  /** When the type's first run ended (the end of its warm-up), or null before. */
  private Long warmedAt;

  public LaneMeter(AutoLaneSettings settings) {
    this.settings = settings;
    this.cpu = new long[settings.window()];
    this.wall = new long[settings.window()];
  }

  /**
   * True for a run of the type's warm-up, not to be recorded: its first run in this JVM, and
   * every run that began before that one ended ({@code startedNanos}, {@code endedNanos} on
   * {@link System#nanoTime}). A cold run loads and initializes classes and waits for the JIT and
   * for safepoints; its runner sleeps on the class-initialization locks the others hold, and
   * behind runners that have no core yet (on a busy machine, with the CPU lane's low priority:
   * in its cgroup of low cpu.shares, for seconds). That sleeping is the JVM's warm-up, not the
   * type's waiting: a hashing type measured 0.16 CPU/wall over its three cold runs (14.6 ms of
   * CPU, 80-145 ms asleep, per run) and above 0.9 once warm.
   */
  public boolean warmingUp(long startedNanos, long endedNanos) {
    if (warmedAt == null) {
      warmedAt = endedNanos;
      return true;
    }
    return startedNanos - warmedAt < 0;
  }

  /** One run took {@code cpuNanos} of thread CPU time in {@code wallNanos}; true when the choice changed. */
  public boolean record(long cpuNanos, long wallNanos) {
    long runCpu = Math.max(0, Math.min(cpuNanos, wallNanos));
    long runWall = Math.max(1, wallNanos);
    if (count == cpu.length) {
      cpuSum -= cpu[next];
      wallSum -= wall[next];
    } else {
      count++;
    }
    cpu[next] = runCpu;
    wall[next] = runWall;
    cpuSum += runCpu;
    wallSum += runWall;
    next = (next + 1) % cpu.length;
    if (count < settings.minSamples()) {
      return false;
    }
    Lane now = decide(ratio());
    if (now == chosen) {
      return false;
    }
    chosen = now;
    return true;
  }

  private Lane decide(double ratio) {
    if (chosen == null) {
      return ratio >= settings.firstChoiceAt() ? Lane.CPU : Lane.IO;
    }
    if (ratio > settings.cpuAbove()) {
      return Lane.CPU;
    }
    return ratio < settings.ioBelow() ? Lane.IO : chosen;
  }

  /** CPU time over wall time of the runs in the window (0 with none). */
  public double ratio() {
    return wallSum == 0 ? 0 : (double) cpuSum / wallSum;
  }

  /** Mean thread CPU time of a run in the window, in nanoseconds. */
  public long cpuNanosPerRun() {
    return count == 0 ? 0 : cpuSum / count;
  }

  public int samples() {
    return count;
  }

  /** The lane chosen, or null before {@code min-samples} runs. */
  public Lane chosen() {
    return chosen;
  }

  /** The figures as the broker is told them: with the lane chosen if {@code choosing}, and {@code warning} (or null). */
  public TypeOffer.Measured figures(boolean choosing, String warning) {
    return new TypeOffer.Measured(count, Math.round(ratio() * 1000) / 1000.0,
        Math.round(cpuNanosPerRun() / 1000.0) / 1000.0, choosing ? chosen : null, warning);
  }
}
