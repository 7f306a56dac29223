package io.tasklane.worker.task;

import java.net.http.HttpResponse.BodySubscriber;
import java.net.http.HttpResponse.BodySubscribers;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * A response body written to a file as it arrives ({@link BodySubscribers#ofFile}), counted and
 * hashed on the way: the body is never held in memory, and the file is not read again. The HTTP
 * client calls it one buffer list at a time on its own threads (virtual threads on a worker).
 */
final class HashingFileSubscriber implements BodySubscriber<HashingFileSubscriber.Saved> {

  /** The file the body went to, its length and its SHA-256 in hex. */
  record Saved(Path file, long bytes, String sha256) {}

  private final BodySubscriber<Path> file;
  private final MessageDigest digest = Hex.sha256();
  private long bytes; // written in onNext only; Flow makes those calls happen one after the other

  /** @param file an existing file; it is truncated and written */
  HashingFileSubscriber(Path file) {
    this.file = BodySubscribers.ofFile(file, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
  }

  @Override
  public CompletionStage<Saved> getBody() {
    return file.getBody().thenApply(path -> new Saved(path, bytes, Hex.of(digest.digest())));
  }

  @Override
  public void onSubscribe(Flow.Subscription subscription) {
    file.onSubscribe(subscription);
  }

  @Override
  public void onNext(List<ByteBuffer> buffers) {
    for (ByteBuffer buffer : buffers) {
      ByteBuffer view = buffer.duplicate(); // the file subscriber reads the original's position
      bytes += view.remaining();
      digest.update(view);
    }
    file.onNext(buffers);
  }

  @Override
  public void onError(Throwable failure) {
    file.onError(failure);
  }

  @Override
  public void onComplete() {
    file.onComplete();
  }
}
