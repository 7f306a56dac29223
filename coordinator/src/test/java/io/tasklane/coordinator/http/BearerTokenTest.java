package io.tasklane.coordinator.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BearerTokenTest {

  private final BearerToken token = new BearerToken("s3cret-token");

  @Test
  void admitsExactlyTheBearerHeaderOfTheToken() {
    assertThat(token.admits("Bearer s3cret-token")).isTrue();
  }

  @Test
  void refusesPrefixesExtensionsOtherTokensAndOtherSchemes() {
    assertThat(token.admits("Bearer s3cret-toke")).as("a prefix").isFalse();
    assertThat(token.admits("Bearer s3cret-token2")).as("longer").isFalse();
    assertThat(token.admits("Bearer s3cret-tokeN")).as("last byte differs").isFalse();
    assertThat(token.admits("bearer s3cret-token")).as("scheme case").isFalse();
    assertThat(token.admits("Basic s3cret-token")).isFalse();
    assertThat(token.admits("")).isFalse();
    assertThat(token.admits(null)).as("no header").isFalse();
  }

  @Test
  void anEmptyTokenAdmitsNobodyNotEvenAnEmptyBearer() {
    BearerToken none = new BearerToken("");
    assertThat(none.admits("Bearer ")).isFalse();
    assertThat(none.admits("Bearer")).isFalse();
  }

  @Test
  void comparesNonAsciiTokensByTheirBytes() {
    BearerToken unicode = new BearerToken("jeton-été");
    assertThat(unicode.admits("Bearer jeton-été")).isTrue();
    assertThat(unicode.admits("Bearer jeton-ete")).isFalse();
  }
}
