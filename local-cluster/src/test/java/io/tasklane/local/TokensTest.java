package io.tasklane.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokensTest {

  @TempDir
  Path dir;

  @Test
  void aWrittenTokenIsReadableByItsOwnerOnly() throws Exception {
    Path file = dir.resolve("state").resolve("token");
    String token = Tokens.generate();

    Tokens.write(file, token);

    assertThat(token).matches("[A-Za-z0-9_-]{43}");
    assertThat(file).hasContent(token);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
  }

  @Test
  void readOrCreateKeepsTheFirstTokenItWrote() throws Exception {
    Path file = dir.resolve("data").resolve("token");

    String first = Tokens.readOrCreate(file);

    assertThat(Tokens.readOrCreate(file)).isEqualTo(first);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
  }

  @Test
  void anEmptyTokenFileIsRefused() throws Exception {
    Path file = Files.writeString(dir.resolve("token"), "\n");

    assertThatThrownBy(() -> Tokens.readOrCreate(file)).isInstanceOf(IOException.class).hasMessageContaining("empty");
  }
}
