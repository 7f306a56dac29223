package io.tasklane.peers.hazelcast;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.IExecutorService;
import java.util.ArrayList;
import java.util.List;

/**
 * The N for which one warm sha256 task takes about one second, chosen as Tasklane's bench does
 * (bench/.../Kernel.java): one throw-away then the median of 3 single tasks of N = 3,000,000, each
 * end to end (submit to result), on the executor W4 uses; N scaled to 1 s, rounded to 100,000.
 */
final class Kernel {

  static final long N_EQUAL_WORK = 3_000_000;
  static final String HEX_EQUAL_WORK = "0796783e0a06e3f94c0cf5d6fd3991a2f0c07611ff1898b00705995cd01b0d96";
  private static final long ROUND_TO = 100_000;

  private final IExecutorService executor;
  private final Member member;
  private double equalWorkSeconds = Double.NaN;

  Kernel(IExecutorService executor, Member member) {
    this.executor = executor;
    this.member = member;
  }

  long oneSecondN() throws Exception {
    single();
    List<Double> times = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      times.add(single());
    }
    equalWorkSeconds = Stats.median(times);
    long n = Math.max(ROUND_TO, Math.round(N_EQUAL_WORK / equalWorkSeconds / ROUND_TO) * ROUND_TO);
    Driver.progress("calibration: N=3,000,000 takes %.3f s alone -> N=%,d for ~1 s", equalWorkSeconds, n);
    return n;
  }

  double calibrationSeconds() {
    return equalWorkSeconds;
  }

  private double single() throws Exception {
    long start = System.nanoTime();
    Tasks.CpuResult result = executor.submitToMember(new Tasks.Sha256(N_EQUAL_WORK), member).<Tasks.CpuResult>get();
    double seconds = (System.nanoTime() - start) / 1e9;
    if (!HEX_EQUAL_WORK.equals(result.hex)) {
      throw new IllegalStateException("sha256 of N=3,000,000 gave " + result.hex + ", expected " + HEX_EQUAL_WORK);
    }
    return seconds;
  }
}
