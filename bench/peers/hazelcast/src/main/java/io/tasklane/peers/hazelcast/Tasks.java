package io.tasklane.peers.hazelcast;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.DataSerializableFactory;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.Callable;

/**
 * The tasks the driver sends to the members, as Hazelcast's fastest own serialization
 * ({@link IdentifiedDataSerializable}: a factory id and a class id on the wire, no class names).
 */
final class Tasks {

  static final int FACTORY_ID = 1701;
  private static final int ECHO = 1;
  private static final int SHA256 = 2;
  private static final int SLEEP = 3;
  private static final int CPU_RESULT = 4;

  private Tasks() {
  }

  /** Registered on the members and the client. */
  static DataSerializableFactory factory() {
    return id -> switch (id) {
      case ECHO -> new Echo();
      case SHA256 -> new Sha256();
      case SLEEP -> new Sleep();
      case CPU_RESULT -> new CpuResult();
      default -> throw new IllegalArgumentException("hazelcast-peer: no task with class id " + id);
    };
  }

  /** W1's no-op: returns its input (a small JSON string such as {"i":"123"}). */
  static final class Echo implements Callable<String>, IdentifiedDataSerializable {
    private String input;

    Echo() {
    }

    Echo(String input) {
      this.input = input;
    }

    @Override
    public String call() {
      return input;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
      out.writeString(input);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
      input = in.readString();
    }

    @Override
    public int getFactoryId() {
      return FACTORY_ID;
    }

    @Override
    public int getClassId() {
      return ECHO;
    }
  }

  /**
   * The CPU kernel of WORKLOADS.md (Tasklane's built-in sha256): b0 = 32 zero bytes,
   * b(i+1) = SHA-256(b(i)), result hex of b(N); also when and how long it ran on its thread.
   */
  static final class Sha256 implements Callable<CpuResult>, IdentifiedDataSerializable {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private long iterations;

    Sha256() {
    }

    Sha256(long iterations) {
      this.iterations = iterations;
    }

    @Override
    public CpuResult call() throws Exception {
      long start = System.nanoTime();
      long cpuStart = THREADS.getCurrentThreadCpuTime();
      String hex = HexFormat.of().formatHex(iterate(iterations));
      return new CpuResult(hex, start, System.nanoTime(), THREADS.getCurrentThreadCpuTime() - cpuStart);
    }

    static byte[] iterate(long iterations) throws NoSuchAlgorithmException, java.security.DigestException {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      byte[] block = new byte[32];
      for (long i = 0; i < iterations; i++) {
        digest.update(block);
        digest.digest(block, 0, block.length);
      }
      return block;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
      out.writeLong(iterations);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
      iterations = in.readLong();
    }

    @Override
    public int getFactoryId() {
      return FACTORY_ID;
    }

    @Override
    public int getClassId() {
      return SHA256;
    }
  }

  /**
   * A sha256 task's hex and its run on the member: System.nanoTime() at start and end (one
   * monotonic clock for every JVM of the machine on Linux) and its thread's CPU time.
   */
  static final class CpuResult implements IdentifiedDataSerializable {
    String hex;
    long startNanos;
    long endNanos;
    long cpuNanos;

    CpuResult() {
    }

    CpuResult(String hex, long startNanos, long endNanos, long cpuNanos) {
      this.hex = hex;
      this.startNanos = startNanos;
      this.endNanos = endNanos;
      this.cpuNanos = cpuNanos;
    }

    /** This task's CPU time inside [from, to], assuming it was spent evenly over its run. */
    double cpuNanosWithin(long from, long to) {
      long overlap = Math.min(to, endNanos) - Math.max(from, startNanos);
      long wall = endNanos - startNanos;
      return overlap <= 0 || wall <= 0 ? 0 : (double) cpuNanos * overlap / wall;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
      out.writeString(hex);
      out.writeLong(startNanos);
      out.writeLong(endNanos);
      out.writeLong(cpuNanos);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
      hex = in.readString();
      startNanos = in.readLong();
      endNanos = in.readLong();
      cpuNanos = in.readLong();
    }

    @Override
    public int getFactoryId() {
      return FACTORY_ID;
    }

    @Override
    public int getClassId() {
      return CPU_RESULT;
    }
  }

  /** W4's I/O task: waits {@code millis} in the member without using CPU. */
  static final class Sleep implements Callable<Boolean>, IdentifiedDataSerializable {
    private long millis;

    Sleep() {
    }

    Sleep(long millis) {
      this.millis = millis;
    }

    @Override
    public Boolean call() throws InterruptedException {
      Thread.sleep(millis);
      return Boolean.TRUE;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
      out.writeLong(millis);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
      millis = in.readLong();
    }

    @Override
    public int getFactoryId() {
      return FACTORY_ID;
    }

    @Override
    public int getClassId() {
      return SLEEP;
    }
  }
}
