package io.tasklane.local;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Set;

/**
 * API tokens, for {@code local up}, {@code tasklane run} and {@code tasklane coordinator}: 32
 * random bytes, URL-safe base64 without padding, kept in files readable by their owner only.
 */
public final class Tokens {

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

  private Tokens() {
  }

  public static String generate() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** Reads the token in {@code file}; if there is none, generates one and writes it there. */
  public static String readOrCreate(Path file) throws IOException {
    if (Files.exists(file)) {
      String token = Files.readString(file, StandardCharsets.UTF_8).trim();
      if (token.isEmpty()) {
        throw new IOException("token file " + file + " is empty");
      }
      return token;
    }
    String token = generate();
    write(file, token);
    return token;
  }

  /** Writes {@code token} to {@code file} (replacing it), readable and writable by its owner only (600). */
  public static void write(Path file, String token) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    Files.deleteIfExists(file);
    if (posix) {
      Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
    }
    Files.writeString(file, token + "\n", StandardCharsets.UTF_8,
        StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
    if (posix) {
      Files.setPosixFilePermissions(file, OWNER_ONLY);
    }
  }
}
