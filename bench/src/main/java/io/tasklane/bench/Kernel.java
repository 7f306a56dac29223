package io.tasklane.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * The CPU kernel (built-in {@code sha256}): single-task times and the calibration of the N that
 * takes about one second warm. Measured end to end as a one-task job with {@code ?wait=true}.
 */
final class Kernel {

  static final long N_EQUAL_WORK = 3_000_000;
  static final String HEX_EQUAL_WORK = "0796783e0a06e3f94c0cf5d6fd3991a2f0c07611ff1898b00705995cd01b0d96";
  private static final long ROUND_TO = 100_000;

  private long oneSecondN;
  private double equalWorkSeconds = Double.NaN;

  /** Median of {@code runs} one-task jobs of {@code iterations} (after one throw-away). */
  static double singleTaskSeconds(BenchApi api, long iterations, int runs, boolean warmUp) throws BenchFailure {
    if (warmUp) {
      api.run("single-warmup", Jobs.sha256("single", 1, iterations), 1);
    }
    List<Double> times = new ArrayList<>();
    for (int i = 0; i < runs; i++) {
      times.add(api.run("single", Jobs.sha256("single", 1, iterations), 1).seconds());
    }
    return Stats.median(times);
  }

  /** N such that one warm task takes about one second (scaled from N = 3,000,000). */
  synchronized long oneSecondN(BenchApi api) throws BenchFailure {
    if (oneSecondN == 0) {
      equalWorkSeconds = singleTaskSeconds(api, N_EQUAL_WORK, 3, true);
      long scaled = Math.round(N_EQUAL_WORK / equalWorkSeconds / ROUND_TO) * ROUND_TO;
      oneSecondN = Math.max(ROUND_TO, scaled);
      BenchContext.progress("calibration: N=3,000,000 takes %.3f s alone -> N=%,d for ~1 s", equalWorkSeconds, oneSecondN);
    }
    return oneSecondN;
  }

  /** The single-task time of N = 3,000,000 measured for the calibration (NaN before it). */
  synchronized double calibrationSeconds() {
    return equalWorkSeconds;
  }
}
