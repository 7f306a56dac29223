package io.tasklane.worker.task;

import com.fasterxml.jackson.databind.JsonNode;
import io.tasklane.spi.InputSchema;
import io.tasklane.spi.IoTaskHandler;
import io.tasklane.spi.TaskContext;
import io.tasklane.worker.task.HashingFileSubscriber.Saved;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodySubscribers;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadLocalRandom;

/**
 * {@code file.download}: input {@code {url, path}}, output {@code {path, bytes, sha256}}. The
 * body streams to a hidden temporary file next to {@code path} (hashed as it passes), which is
 * moved into place only once the whole body arrived: a failed or stopped download leaves no
 * partial file. An existing file at {@code path} is replaced; missing folders are created. A 4xx
 * fails the task at once, as for {@code http.get}.
 */
public final class FileDownloadHandler implements IoTaskHandler {

  /** File system calls block (briefly): each runs on a virtual thread of its own, never an actor's. */
  private static final Executor FILES = work -> Thread.ofVirtual().name("tasklane-file-download").start(work);
  private static final int MAX_TEMP_PREFIX = 100;

  @Override
  public String type() {
    return "file.download";
  }

  @Override
  public InputSchema input() {
    return InputSchema.object()
        .required("url", HttpCalls.URL)
        .required("path", InputSchema.string().pattern("\\S")
            .description("where the body goes on the worker (relative to its working directory)"));
  }

  @Override
  public String description() {
    return "streams url's body to path on the worker; returns {path, bytes, sha256}";
  }

  @Override
  public CompletionStage<JsonNode> start(JsonNode input, TaskContext context) {
    URI uri = HttpCalls.url(input, type());
    return new Download(uri, target(input), context).start();
  }

  private Path target(JsonNode input) {
    String path = Inputs.text(input, type(), "path");
    try {
      Path target = Path.of(path).toAbsolutePath().normalize();
      if (target.getFileName() == null) {
        throw Inputs.invalid(type(), "path", "names no file: " + path);
      }
      return target;
    } catch (InvalidPathException e) {
      throw Inputs.invalid(type(), "path", "is not a path: " + path + " (" + e.getReason() + ")");
    }
  }

  /** One attempt: temporary file, request, then move into place or clean up. */
  private final class Download {
    private final URI uri;
    private final Path target;
    private final TaskContext context;
    private final CompletableFuture<JsonNode> result = new CompletableFuture<>();
    private volatile Path temp;
    private volatile CompletableFuture<?> request;

    Download(URI uri, Path target, TaskContext context) {
      this.uri = uri;
      this.target = target;
      this.context = context;
    }

    CompletableFuture<JsonNode> start() {
      CompletableFuture.supplyAsync(this::createTemp, FILES)
          .thenCompose(this::send)
          .handleAsync(this::settle, FILES)
          .whenComplete((output, failure) -> {
            if (failure != null) {
              result.completeExceptionally(failure);
            } else {
              result.complete(output);
            }
          });
      // stopped (timed out, cancelled): the request is aborted; settle still removes the temp file
      result.whenComplete((output, failure) -> cancelRequestIfStopped());
      return result;
    }

    private Path createTemp() {
      Path folder = target.getParent();
      try {
        if (Files.isDirectory(target)) {
          throw Inputs.invalid(type(), "path", "is a folder: " + target);
        }
        Files.createDirectories(folder);
        String name = target.getFileName().toString();
        String prefix = "." + (name.length() > MAX_TEMP_PREFIX ? name.substring(0, MAX_TEMP_PREFIX) : name);
        temp = Files.createFile(folder.resolve(
            prefix + "." + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".part"));
        return temp;
      } catch (IOException e) {
        throw new UncheckedIOException(type() + ": cannot write in " + folder + ": " + describe(e), e);
      }
    }

    private CompletableFuture<HttpResponse<Saved>> send(Path file) {
      if (context.isCancelled()) {
        return CompletableFuture.failedFuture(new CancellationException("stopped before the request"));
      }
      HttpRequest get = HttpRequest.newBuilder(uri).GET().build();
      CompletableFuture<HttpResponse<Saved>> sent = context.httpClient().sendAsync(get, info ->
          info.statusCode() >= 400 ? BodySubscribers.replacing(null) : new HashingFileSubscriber(file));
      request = sent;
      cancelRequestIfStopped();
      return sent;
    }

    /** On a virtual thread: the file moved into place and the output, or the temp file removed and the failure. */
    private JsonNode settle(HttpResponse<Saved> response, Throwable failure) {
      try {
        if (failure != null) {
          Throwable described = HttpCalls.describe(failure, uri);
          throw described instanceof RuntimeException unchecked ? unchecked : new CompletionException(described);
        }
        RuntimeException status = HttpCalls.statusFailure(response.statusCode(), uri);
        if (status != null) {
          throw status;
        }
        context.checkCancelled(); // a stopped attempt puts nothing in place
        Saved saved = response.body();
        moveIntoPlace(saved.file());
        return Inputs.object()
            .put("path", target.toString())
            .put("bytes", saved.bytes())
            .put("sha256", saved.sha256());
      } catch (RuntimeException e) {
        deleteTemp(e);
        throw e;
      }
    }

    private void moveIntoPlace(Path file) {
      try {
        try {
          Files.move(file, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
          Files.move(file, target, StandardCopyOption.REPLACE_EXISTING);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(type() + ": cannot move the download to " + target + ": " + describe(e), e);
      }
    }

    /** Removes the partial download; if that fails too, {@code failure} says so (suppressed). */
    private void deleteTemp(RuntimeException failure) {
      Path file = temp;
      if (file == null) {
        return;
      }
      try {
        Files.deleteIfExists(file);
      } catch (IOException e) {
        failure.addSuppressed(e);
      }
    }

    private void cancelRequestIfStopped() {
      CompletableFuture<?> sent = request;
      if (sent != null && (result.isCancelled() || context.isCancelled())) {
        sent.cancel(true);
      }
    }
  }

  private static String describe(IOException e) {
    return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage());
  }
}
