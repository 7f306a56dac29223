package io.tasklane.worker.task;

import io.tasklane.worker.settings.ExecSettings;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * One running {@code exec} process. Its stdin is written, and its stdout and stderr are read
 * into {@link TailBuffer}s, each on a virtual thread of its own: a process that fills one pipe
 * while the worker waits on the other never deadlocks, and no pool thread waits. {@link #kill}
 * stops the process and its descendants.
 */
final class ExecProcess {

  /** How a process ended: its exit code and the kept tails of its output. */
  record Exit(int code, String stdout, String stderr) {}

  private final Process process;
  private final ExecSettings settings;
  private final TailBuffer stdout;
  private final TailBuffer stderr;
  private final CompletableFuture<Void> stdoutRead;
  private final CompletableFuture<Void> stderrRead;
  private CompletableFuture<Void> killed; // guarded by this: set by the first kill()

  private ExecProcess(Process process, ExecSettings settings) {
    this.process = process;
    this.settings = settings;
    this.stdout = new TailBuffer(settings.maxOutputBytes());
    this.stderr = new TailBuffer(settings.maxOutputBytes());
    this.stdoutRead = drain(process.getInputStream(), stdout, "stdout");
    this.stderrRead = drain(process.getErrorStream(), stderr, "stderr");
  }

  /**
   * Starts the program on the calling thread (a child process inherits its thread's scheduling
   * priority: from a CPU-lane runner, the lane's lower one).
   */
  static ExecProcess start(ExecInput input, ExecSettings settings) throws IOException {
    ProcessBuilder builder = new ProcessBuilder(input.argv());
    builder.environment().putAll(input.env());
    if (input.cwd() != null) {
      if (!Files.isDirectory(input.cwd())) {
        throw ExecInput.bad("cwd", "is not a directory: " + input.cwd().toAbsolutePath());
      }
      builder.directory(input.cwd().toFile());
    }
    ExecProcess running = new ExecProcess(builder.start(), settings);
    running.feed(input.stdin());
    return running;
  }

  /**
   * Completes once the process exited and its output was read to the end, or, when something
   * it started keeps the pipes open, {@code kill-grace} after it exited (with what was read).
   */
  CompletableFuture<Exit> exit() {
    return process.onExit()
        .thenCompose(exited -> CompletableFuture.allOf(stdoutRead, stderrRead)
            .completeOnTimeout(null, settings.killGrace().toNanos(), TimeUnit.NANOSECONDS))
        .thenApply(read -> {
          closeQuietly(process.getInputStream());
          closeQuietly(process.getErrorStream());
          return new Exit(process.exitValue(), stdout.text(), stderr.text());
        });
  }

  /**
   * SIGTERM to the process and its descendants, SIGKILL to those still there after
   * {@code kill-grace}. Returns at once with a stage that completes when they are all gone.
   */
  CompletableFuture<Void> kill() {
    synchronized (this) {
      if (killed != null) {
        return killed;
      }
      List<ProcessHandle> tree = tree();
      tree.forEach(ProcessHandle::destroy);
      Timers.after(settings.killGrace().toNanos(), () -> {
        List<ProcessHandle> left = new ArrayList<>(tree);
        left.addAll(tree()); // started meanwhile
        left.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
      });
      killed = CompletableFuture.allOf(tree.stream().map(ProcessHandle::onExit).toArray(CompletableFuture[]::new));
      return killed;
    }
  }

  private List<ProcessHandle> tree() {
    List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
    tree.add(process.toHandle());
    return tree;
  }

  private void feed(String text) {
    OutputStream in = process.getOutputStream();
    if (text == null) {
      closeQuietly(in);
      return;
    }
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    Thread.ofVirtual().name("tasklane-exec-stdin").start(() -> {
      try (in) {
        in.write(bytes);
      } catch (IOException e) {
        // the program exited or closed its stdin without reading it all: its exit code tells
      }
    });
  }

  private static CompletableFuture<Void> drain(InputStream from, TailBuffer into, String name) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    Thread.ofVirtual().name("tasklane-exec-" + name).start(() -> {
      byte[] chunk = new byte[8192];
      try (from) {
        for (int n = from.read(chunk); n >= 0; n = from.read(chunk)) {
          into.write(chunk, 0, n);
        }
      } catch (IOException e) {
        // closed after the process exited (see exit()): what was read is kept
      } finally {
        done.complete(null);
      }
    });
    return done;
  }

  private static void closeQuietly(java.io.Closeable closeable) {
    try {
      closeable.close();
    } catch (IOException e) {
      // nothing to do: the stream is going away
    }
  }
}
