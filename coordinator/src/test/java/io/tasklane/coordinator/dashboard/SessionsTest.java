package io.tasklane.coordinator.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class SessionsTest {

  private final Sessions sessions = new Sessions("s3cret-token", Duration.ofHours(1));

  @Test
  void aCookieItIssuedIsValidUntilItExpires() {
    String cookie = sessions.issue(1_000);
    assertThat(sessions.isValid(cookie, 1_000)).isTrue();
    assertThat(sessions.isValid(cookie, 1_000 + Duration.ofHours(1).toMillis() - 1)).isTrue();
    assertThat(sessions.isValid(cookie, 1_000 + Duration.ofHours(1).toMillis())).as("expired").isFalse();
  }

  @Test
  void aCookieDoesNotCarryTheToken() {
    assertThat(sessions.issue(1_000)).doesNotContain("s3cret-token");
  }

  @Test
  void aForgedOrAlteredCookieIsRefused() {
    String cookie = sessions.issue(1_000);
    String later = Long.toString(Long.MAX_VALUE) + cookie.substring(cookie.indexOf('.'));
    assertThat(sessions.isValid(later, 2_000)).as("expiry pushed out, signature kept").isFalse();
    char last = cookie.charAt(cookie.length() - 1);
    assertThat(sessions.isValid(cookie.substring(0, cookie.length() - 1) + (last == '0' ? '1' : '0'), 2_000))
        .as("signature altered").isFalse();
    assertThat(sessions.isValid("", 2_000)).isFalse();
    assertThat(sessions.isValid("123", 2_000)).isFalse();
    assertThat(sessions.isValid("abc.def", 2_000)).isFalse();
    assertThat(sessions.isValid(null, 2_000)).isFalse();
  }

  @Test
  void anotherTokenEndsEveryLogin() {
    String cookie = sessions.issue(1_000);
    assertThat(new Sessions("rotated", Duration.ofHours(1)).isValid(cookie, 2_000)).isFalse();
    assertThat(new Sessions("s3cret-token", Duration.ofHours(1)).isValid(cookie, 2_000))
        .as("another coordinator, or this one restarted, with the same token").isTrue();
  }

  @Test
  void withoutATokenNothingIsValid() {
    Sessions none = new Sessions("", Duration.ofHours(1));
    assertThat(none.isToken("")).isFalse();
    assertThat(none.isValid(none.issue(1_000), 2_000)).isFalse();
  }

  @Test
  void onlyTheTokenItselfLogsIn() {
    assertThat(sessions.isToken("s3cret-token")).isTrue();
    assertThat(sessions.isToken("s3cret-toke")).isFalse();
    assertThat(sessions.isToken(null)).isFalse();
  }
}
