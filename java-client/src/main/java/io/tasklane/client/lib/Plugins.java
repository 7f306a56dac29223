package io.tasklane.client.lib;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * The plugins a cluster runs (docs/plugins.md): jars of task handlers the coordinator keeps and
 * delivers to every worker. Answers are the coordinator's JSON as sent (docs/api.md, Plugins).
 * From {@link TasklaneClient#plugins()}.
 */
public final class Plugins {

  private static final String JAR_TYPE = "application/java-archive";

  private final Transport transport;

  Plugins(Transport transport) {
    this.transport = transport;
  }

  /**
   * The versions kept, oldest first: {@code {"plugins": [{"name", "version", "newest", "digest",
   * "size", "types", "addedAt", "workers", "failed"}]}}.
   */
  public JsonNode list() {
    return transport.call("GET", "/api/plugins", null).body();
  }

  /** Uploads the jar at {@code jar}, under its file name. See {@link #add(String, byte[])}. */
  public JsonNode add(Path jar) {
    try {
      return add(jar.getFileName().toString(), Files.readAllBytes(jar));
    } catch (IOException unreadable) {
      throw new UncheckedIOException("cannot read plugin jar " + jar + ": " + unreadable.getMessage(), unreadable);
    }
  }

  /**
   * Uploads a plugin jar; the coordinator checks it (its handlers load, their types are new)
   * and delivers it to every worker. Answers the version kept ({@code "name", "version",
   * "digest", "types"}, and {@code "replaced"} when this version label had other bytes), or the
   * one kept already with these bytes ({@code "alreadyKept": true}): sending it again is safe.
   *
   * @param fileName the jar's file name: its name and version when the manifest has none
   * @throws InvalidRequestException the coordinator refused the jar, saying why
   */
  public JsonNode add(String fileName, byte[] jar) {
    Objects.requireNonNull(fileName, "fileName");
    return transport.call("POST", "/api/plugins" + Transport.query("file", fileName), JAR_TYPE,
        HttpRequest.BodyPublishers.ofByteArray(jar), Map.of(), null, null, true).body();
  }

  /**
   * Removes every version of plugin {@code name}, or one ({@code name@version}), from the
   * cluster: {@code {"removed": [{"name", "version", "digest"}]}}.
   *
   * @throws NotFoundException there is no such plugin
   */
  public JsonNode remove(String nameOrVersion) {
    return transport.call("DELETE", "/api/plugins/" + Transport.segment(nameOrVersion), null).body();
  }
}
