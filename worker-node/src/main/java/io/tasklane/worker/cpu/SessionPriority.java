package io.tasklane.worker.cpu;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lowers a worker process's share against other processes where Linux "autogroup" scheduling
 * is on (the default of many distributions): the kernel then shares the CPU between sessions
 * first and applies nice values only within one session, so a CPU-lane runner's nice value
 * does not make it yield to a coordinator or an I/O-bound process started in another session
 * (every node of a local cluster is its own session). Setting the session's autogroup nice
 * makes the whole worker yield to them; inside the worker its I/O lane still comes before the
 * runners (their own nice value).
 *
 * <p>Only for a process that leads its own session (started with {@code setsid}, as a service,
 * or by {@code tasklane local up}): the autogroup belongs to the session, and a worker started
 * from a terminal must not lower the priority of everything else that terminal runs. Best
 * effort: nothing changes where there is no autogroup file or writing it is refused.
 */
public final class SessionPriority {

  private static final Logger LOG = LoggerFactory.getLogger(SessionPriority.class);
  private static final Pattern AUTOGROUP = Pattern.compile("/autogroup-\\d+\\s+nice\\s+(-?\\d+)");

  private SessionPriority() {}

  /**
   * Sets this process's autogroup nice to {@code nice} if it leads its own session and the
   * autogroup's nice is lower; returns the autogroup's nice afterwards, or null when unchanged
   * or unknown.
   */
  public static Integer yieldToOtherSessions(int nice) {
    Path self = Path.of("/proc/self");
    Path autogroup = self.resolve("autogroup");
    if (nice <= 0 || !Files.isRegularFile(autogroup)) {
      return null;
    }
    try {
      long pid = ProcessHandle.current().pid();
      Long session = sessionOf(Files.readString(self.resolve("stat"), StandardCharsets.US_ASCII));
      if (session == null || session != pid) {
        LOG.debug("not the leader of its session (session {}): autogroup nice left as is", session);
        return null;
      }
      Integer before = niceOf(Files.readString(autogroup, StandardCharsets.US_ASCII));
      if (before == null || before >= nice) {
        return null;
      }
      write(autogroup, nice);
      Integer after = niceOf(Files.readString(autogroup, StandardCharsets.US_ASCII));
      LOG.info("Linux autogroup scheduling: this worker's session now has nice {} (was {}), so it "
          + "yields to the coordinator and other sessions; its I/O lane still comes before its CPU lane", after, before);
      return after;
    } catch (IOException | RuntimeException e) {
      LOG.info("could not set this worker's autogroup nice (its CPU lane may not yield to the coordinator's process): {}",
          e.toString());
      return null;
    }
  }

  /**
   * The kernel refuses (EAGAIN) an unprivileged write within 100 ms of any other autogroup
   * write on the machine, as when {@code tasklane local up} starts workers back to back: a few
   * tries, 150 ms apart (the node is not started yet; nothing else waits on this thread).
   */
  private static void write(Path autogroup, int nice) throws IOException {
    for (int attempt = 1; ; attempt++) {
      try {
        Files.writeString(autogroup, Integer.toString(nice), StandardCharsets.US_ASCII);
        return;
      } catch (IOException refused) {
        if (attempt >= 5) {
          throw refused;
        }
        try {
          Thread.sleep(150);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          throw refused;
        }
      }
    }
  }

  /** The session id in the text of /proc/PID/stat (the 6th field; the name may hold spaces). */
  static Long sessionOf(String stat) {
    int close = stat.lastIndexOf(')');
    if (close < 0) {
      return null;
    }
    String[] fields = stat.substring(close + 1).trim().split("\\s+");
    // state ppid pgrp session ...
    return fields.length > 3 ? Long.valueOf(fields[3]) : null;
  }

  /** The nice value in the text of /proc/PID/autogroup ("/autogroup-25 nice 0"). */
  static Integer niceOf(String autogroup) {
    Matcher matcher = AUTOGROUP.matcher(autogroup.trim());
    return matcher.matches() ? Integer.valueOf(matcher.group(1)) : null;
  }
}
