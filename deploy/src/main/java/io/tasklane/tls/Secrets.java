package io.tasklane.tls;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Set;

/** Generated passwords in files only their owner can read: how the stores' passwords are kept. */
final class Secrets {

  /** 24 random bytes: 192 bits, as 32 URL-safe characters (no quoting trouble in HOCON or shells). */
  private static final int PASSWORD_BYTES = 24;
  private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
  private static final Set<PosixFilePermission> OWNER_ONLY_DIR = PosixFilePermissions.fromString("rwx------");
  private static final SecureRandom RANDOM = new SecureRandom();

  private Secrets() {}

  static String newPassword() {
    byte[] bytes = new byte[PASSWORD_BYTES];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  static String randomHex(int bytes) {
    byte[] random = new byte[bytes];
    RANDOM.nextBytes(random);
    return HexFormat.of().formatHex(random);
  }

  /** Writes {@code text} to a new file readable by its owner only (from its creation, not after). */
  static void writeOwnerOnly(Path file, String text) throws IOException {
    if (posix()) {
      Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
    } else {
      Files.createFile(file);
    }
    Files.writeString(file, text + "\n", StandardCharsets.UTF_8);
  }

  /** Makes an existing file (a key store keytool wrote) readable by its owner only. */
  static void ownerOnly(Path file) throws IOException {
    if (posix()) {
      Files.setPosixFilePermissions(file, OWNER_ONLY);
    }
  }

  /** A new directory only its owner can enter: where key material is made before it is moved into place. */
  static Path ownerOnlyTempDir(Path parent) throws IOException {
    return posix()
        ? Files.createTempDirectory(parent, ".certs-init-", PosixFilePermissions.asFileAttribute(OWNER_ONLY_DIR))
        : Files.createTempDirectory(parent, ".certs-init-");
  }

  /**
   * The password in {@code file} (its first line, trimmed).
   *
   * @throws TlsMaterialException naming the file when it is missing, unreadable or empty
   */
  static char[] readPassword(Path file) {
    try {
      String text = Files.readString(file, StandardCharsets.UTF_8).lines().findFirst().orElse("").trim();
      if (text.isEmpty()) {
        throw new TlsMaterialException(file + " is empty: it should hold the password of the stores");
      }
      return text.toCharArray();
    } catch (NoSuchFileException missing) {
      throw new TlsMaterialException(file + " is missing");
    } catch (AccessDeniedException denied) {
      throw new TlsMaterialException(file + " cannot be read by this user");
    } catch (IOException unreadable) {
      throw new TlsMaterialException(file + " cannot be read: " + unreadable.getMessage());
    }
  }

  private static boolean posix() {
    return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
  }
}
