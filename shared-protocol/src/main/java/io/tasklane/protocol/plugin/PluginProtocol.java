package io.tasklane.protocol.plugin;

import io.tasklane.protocol.CborSerializable;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.receptionist.ServiceKey;
import org.apache.pekko.pattern.StatusReply;

/**
 * The plugin store: one per cluster (a singleton on the coordinator nodes, kept in the journal).
 * The HTTP API adds a checked plugin jar to it chunk by chunk; every worker subscribes, fetches
 * the versions it lacks chunk by chunk and says which it loaded. A chunk stays under the
 * coordinator's {@code max-message-bytes}, so every message here fits Artery's frame.
 */
public final class PluginProtocol {

  /** The store registers under this key; workers find it through the receptionist. */
  public static final ServiceKey<Command> SERVICE_KEY = ServiceKey.create(Command.class, "tasklane-plugin-store");

  private PluginProtocol() {}

  public interface Command extends CborSerializable {}

  /**
   * One kept plugin version: a name and a version label (from the jar's manifest or file name),
   * identified by the SHA-256 of its bytes.
   *
   * @param digest lower-case hex SHA-256 of the jar
   * @param size the jar's bytes
   * @param chunks how many chunks it is kept and sent in (index 0 … chunks-1)
   * @param types the task types its handlers offer (a job may pin one as {@code type@version})
   * @param addedAt when it was added (epoch ms); of one name, the latest added is the default
   */
  public record PluginVersion(
      String name, String version, String digest, long size, int chunks, List<String> types, long addedAt)
      implements CborSerializable {

    public PluginVersion {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(version, "version");
      Objects.requireNonNull(digest, "digest");
      types = List.copyOf(types);
    }

    /** {@code name version (sha256:first 12 hex digits)}: how logs and type sources name it. */
    public String label() {
      return name + " " + version + " (sha256:" + digest.substring(0, Math.min(12, digest.length())) + ")";
    }
  }

  // ---- adding (from the HTTP API, on any coordinator node)

  /** Starts adding a checked plugin version; its bytes follow as {@link PutChunk}s, then {@link FinishAdd}. */
  public record BeginAdd(PluginVersion plugin, ActorRef<StatusReply<AddStarted>> replyTo) implements Command {}

  /**
   * @param uploadId what the chunks and the finish quote
   * @param existing the version already kept with the same bytes (then nothing more is sent); or null
   */
  public record AddStarted(long uploadId, PluginVersion existing) implements CborSerializable {}

  /** Chunk {@code index} of an upload, in order. */
  public record PutChunk(long uploadId, int index, byte[] bytes, ActorRef<StatusReply<Done>> replyTo)
      implements Command {

    public PutChunk {
      Objects.requireNonNull(bytes, "bytes");
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof PutChunk that && uploadId == that.uploadId && index == that.index
          && Arrays.equals(bytes, that.bytes) && replyTo.equals(that.replyTo);
    }

    @Override
    public int hashCode() {
      return Objects.hash(uploadId, index, Arrays.hashCode(bytes), replyTo);
    }

    @Override
    public String toString() {
      return "PutChunk[" + uploadId + ", " + index + ", " + bytes.length + " bytes]";
    }
  }

  /** Every chunk sent: the store checks size and digest and keeps the plugin (journaled). */
  public record FinishAdd(long uploadId, ActorRef<StatusReply<Added>> replyTo) implements Command {}

  /** @param replaced the version of the same name and version label it replaced, or null */
  public record Added(PluginVersion plugin, PluginVersion replaced) implements CborSerializable {}

  // ---- listing and removing

  public record ListPlugins(ActorRef<PluginList> replyTo) implements Command {}

  /** Every kept version, oldest first, with the workers that loaded it and those that failed to. */
  public record PluginList(List<PluginStatus> plugins) implements CborSerializable {

    public PluginList {
      plugins = List.copyOf(plugins);
    }
  }

  /**
   * @param newest whether it is the version of its name that plain type names run
   * @param loadedBy the workers ({@code host:port}) that report it loaded
   * @param failedOn worker to the reason it could not load it there
   */
  public record PluginStatus(PluginVersion plugin, boolean newest, List<String> loadedBy, Map<String, String> failedOn)
      implements CborSerializable {

    public PluginStatus {
      loadedBy = List.copyOf(loadedBy);
      failedOn = Map.copyOf(failedOn);
    }
  }

  /** Removes every version of {@code name}, or only {@code version} when it is not null. */
  public record RemovePlugin(String name, String version, ActorRef<StatusReply<Removed>> replyTo) implements Command {}

  /** The versions removed (none: nothing matched). */
  public record Removed(List<PluginVersion> removed) implements CborSerializable {

    public Removed {
      removed = List.copyOf(removed);
    }
  }

  // ---- workers

  /** A worker wants the kept versions: now ({@link Plugins}) and after every change. */
  public record Subscribe(String worker, ActorRef<Plugins> subscriber) implements Command {}

  /** What every worker should have loaded: every kept version, oldest first. */
  public record Plugins(List<PluginVersion> plugins) implements CborSerializable {

    public Plugins {
      plugins = List.copyOf(plugins);
    }
  }

  public record GetChunk(String digest, int index, ActorRef<Chunk> replyTo) implements Command {}

  /**
   * Chunk {@code index} of the version {@code digest}; {@code bytes} empty and {@code missing}
   * set when the store no longer keeps it (removed meanwhile).
   */
  public record Chunk(String digest, int index, byte[] bytes, String missing) implements CborSerializable {

    public Chunk {
      bytes = bytes == null ? new byte[0] : bytes;
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof Chunk that && digest.equals(that.digest) && index == that.index
          && Arrays.equals(bytes, that.bytes) && Objects.equals(missing, that.missing);
    }

    @Override
    public int hashCode() {
      return Objects.hash(digest, index, Arrays.hashCode(bytes), missing);
    }

    @Override
    public String toString() {
      return "Chunk[" + digest + ", " + index + ", " + bytes.length + " bytes" + (missing == null ? "" : ", " + missing) + "]";
    }
  }

  /** A worker loaded version {@code digest} ({@code error} null) or could not (the reason). */
  public record ReportLoaded(String worker, String digest, String error) implements Command {}
}
