package io.tasklane.coordinator.job;

import io.tasklane.protocol.task.TaskStatus;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Every result of one job, packed: one record per task in append-only byte chunks (status,
 * attempts, worker and thread as indexes into small tables, the output as JSON bytes, the
 * error), found through one offset per task. A million no-op results take tens of megabytes,
 * not the hundreds that a million result objects or rendered lines would; lines are rendered
 * when they are read.
 */
final class ResultStore {

  /**
   * Chunks grow from a size fitted to the job up to 256 KiB, under half a G1 region, so they are
   * never "humongous" objects; a one-task job takes a few hundred bytes, not a megabyte.
   */
  private static final int CHUNK_BITS = 18;
  private static final int CHUNK = 1 << CHUNK_BITS;
  private static final int FIRST_CHUNK_MIN = 256;
  private static final TaskStatus[] STATUSES = TaskStatus.values();

  /** Chunk index above {@link #CHUNK_BITS} and position below, or -1; null once {@link #wide}. */
  private int[] offsets;
  /** The same as longs, once there are more chunks than an int offset can name. */
  private long[] wide;
  /** Chunks an int offset can name (its sign bit stays clear: -1 is "none"). */
  static final int MAX_INT_CHUNKS = 1 << (31 - CHUNK_BITS);
  /** {@link #MAX_INT_CHUNKS}, lower in tests. */
  private final int maxIntChunks;
  /** Bytes of chunks allocated so far. */
  private long chunkBytes;
  private final List<byte[]> chunks = new ArrayList<>();
  private final List<String> names = new ArrayList<>();
  private final Map<String, Integer> nameIndex = new HashMap<>();
  private final List<byte[]> quotedNames = new ArrayList<>();
  private static final int RECENT = 4;
  private final String[] recentNames = new String[RECENT];
  private final int[] recentIndexes = new int[RECENT];
  private int nextRecent;
  private int used;
  private int nextChunk;

  ResultStore(int tasks) {
    this(tasks, MAX_INT_CHUNKS);
  }

  ResultStore(int tasks, int maxIntChunks) {
    this.maxIntChunks = Math.min(maxIntChunks, MAX_INT_CHUNKS);
    offsets = new int[tasks];
    Arrays.fill(offsets, -1);
    nextChunk = (int) Math.min(CHUNK, Math.max(FIRST_CHUNK_MIN, (long) tasks * 64));
  }

  /** Room for tasks {@code 0 … tasks - 1} (an open job grows). */
  void grow(int tasks) {
    int before = wide != null ? wide.length : offsets.length;
    if (tasks > before) {
      int size = Math.max(tasks, (int) Math.min(Integer.MAX_VALUE - 8, before * 2L));
      if (wide != null) {
        wide = Arrays.copyOf(wide, size);
        Arrays.fill(wide, before, size, -1);
      } else {
        offsets = Arrays.copyOf(offsets, size);
        Arrays.fill(offsets, before, size, -1);
      }
    }
  }

  /** About the bytes this store holds (chunks and offsets). */
  long bytes() {
    return chunkBytes + (wide != null ? 8L * wide.length : 4L * offsets.length);
  }

  /** Task {@code index}'s result; {@code output} is compact JSON text in UTF-8, or null. */
  void put(int index, TaskStatus status, byte[] output, String error, int attempts, String worker, String thread) {
    byte[] out = output == null ? new byte[0] : output;
    byte[] err = error == null ? new byte[0] : error.getBytes(StandardCharsets.UTF_8);
    int size = 1 + 5 * 6 + out.length + err.length;
    byte[] record = new byte[size];
    int p = 0;
    record[p++] = (byte) status.ordinal();
    p = varint(record, p, attempts);
    p = varint(record, p, name(worker));
    p = varint(record, p, name(thread));
    p = varint(record, p, output == null ? 0 : out.length + 1);
    System.arraycopy(out, 0, record, p, out.length);
    p += out.length;
    p = varint(record, p, error == null ? 0 : err.length + 1);
    System.arraycopy(err, 0, record, p, err.length);
    p += err.length;
    long offset = append(record, p);
    if (wide != null) {
      wide[index] = offset;
    } else {
      offsets[index] = (int) offset;
    }
  }

  boolean has(int index) {
    return offset(index) >= 0;
  }

  private long offset(int index) {
    return wide != null ? wide[index] : offsets[index];
  }

  /**
   * Writes task {@code index}'s stored fields as they appear in its result line, from
   * {@code ,"status"} to the thread: the output's bytes as stored, the names pre-escaped.
   */
  void writeFields(int index, ResultLines out) {
    long offset = offset(index);
    byte[] chunk = chunks.get((int) (offset >>> CHUNK_BITS));
    int[] p = {(int) (offset & (CHUNK - 1))};
    TaskStatus status = STATUSES[chunk[p[0]++]];
    int attempts = readVarint(chunk, p);
    int worker = readVarint(chunk, p);
    int thread = readVarint(chunk, p);
    out.ascii(",\"status\":\"").ascii(status.wireName()).ascii("\",\"output\":");
    int outLength = readVarint(chunk, p);
    if (outLength > 0) {
      out.raw(chunk, p[0], outLength - 1);
      p[0] += outLength - 1;
    } else {
      out.string(null);
    }
    out.ascii(",\"error\":");
    int errLength = readVarint(chunk, p);
    if (errLength > 0) {
      out.string(new String(chunk, p[0], errLength - 1, StandardCharsets.UTF_8));
    } else {
      out.string(null);
    }
    out.ascii(",\"attempts\":").number(attempts)
        .ascii(",\"worker\":").raw(quotedName(worker))
        .ascii(",\"thread\":").raw(quotedName(thread));
  }

  /** Name {@code index} as a JSON string (or null), escaped once. */
  private byte[] quotedName(int index) {
    while (quotedNames.size() < names.size()) {
      quotedNames.add(null);
    }
    byte[] quoted = quotedNames.get(index);
    if (quoted == null) {
      quoted = ResultLines.quoted(names.get(index));
      quotedNames.set(index, quoted);
    }
    return quoted;
  }

  private long append(byte[] record, int length) {
    if (chunks.isEmpty() || used + length > chunks.get(chunks.size() - 1).length) {
      if (wide == null && chunks.size() == maxIntChunks) {
        widen();
      }
      if (length > CHUNK) {
        // a record larger than a chunk gets one of its own (its offset's position is 0)
        chunks.add(new byte[length]);
        chunkBytes += length;
        used = 0;
      } else {
        int size = Math.max(nextChunk, length);
        chunks.add(new byte[size]);
        chunkBytes += size;
        nextChunk = Math.min(CHUNK, size * 2);
        used = 0;
      }
    }
    byte[] chunk = chunks.get(chunks.size() - 1);
    System.arraycopy(record, 0, chunk, used, length);
    long offset = ((long) (chunks.size() - 1) << CHUNK_BITS) | used;
    // positions stay below CHUNK: chunks are at most CHUNK long, except single-record ones
    used += length;
    return offset;
  }

  /** From int offsets to long ones (the values are the same numbers). */
  private void widen() {
    wide = new long[offsets.length];
    for (int i = 0; i < offsets.length; i++) {
      wide[i] = offsets[i];
    }
    offsets = null;
  }

  /**
   * Workers and threads are few: each name is stored once. Index 0 is "none". The last few
   * names looked up are remembered: a batch's outcomes share a worker and a handful of threads,
   * and comparing to them is cheaper than hashing each (freshly deserialized) name.
   */
  private int name(String name) {
    if (names.isEmpty()) {
      names.add(null);
    }
    if (name == null) {
      return 0;
    }
    for (int i = 0; i < RECENT; i++) {
      if (name.equals(recentNames[i])) {
        return recentIndexes[i];
      }
    }
    int index = nameIndex.computeIfAbsent(name, n -> {
      names.add(n);
      return names.size() - 1;
    });
    recentNames[nextRecent] = name;
    recentIndexes[nextRecent] = index;
    nextRecent = (nextRecent + 1) % RECENT;
    return index;
  }

  private static int varint(byte[] into, int p, int value) {
    int v = value;
    while ((v & ~0x7F) != 0) {
      into[p++] = (byte) ((v & 0x7F) | 0x80);
      v >>>= 7;
    }
    into[p++] = (byte) v;
    return p;
  }

  private static int readVarint(byte[] from, int[] p) {
    int value = 0;
    int shift = 0;
    byte b;
    do {
      b = from[p[0]++];
      value |= (b & 0x7F) << shift;
      shift += 7;
    } while ((b & 0x80) != 0);
    return value;
  }
}
