package io.tasklane.coordinator.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PageBudgetTest {

  private final PageBudget budget = new PageBudget(100);

  @Test
  void streamsHoldAtMostTheBudgetAndAStreamWithoutRoomWaits() {
    PageBudget.Lease first = budget.lease();
    PageBudget.Lease second = budget.lease();
    PageBudget.Lease third = budget.lease();
    assertThat(first.next(60)).isTrue();
    assertThat(second.next(40)).isTrue();
    assertThat(third.next(1)).as("no room left").isFalse();
    assertThat(budget.held()).isEqualTo(100);
    first.end();
    assertThat(third.next(50)).isTrue();
    assertThat(budget.held()).isEqualTo(90);
  }

  @Test
  void aStreamGivesItsLastPageBackWhenItTakesTheNextAndEverythingWhenItEnds() {
    PageBudget.Lease lease = budget.lease();
    assertThat(lease.next(80)).isTrue();
    assertThat(lease.next(80)).as("the last page went on: its room is free again").isTrue();
    lease.resize(30);
    assertThat(budget.held()).isEqualTo(30);
    lease.end();
    assertThat(budget.held()).isZero();
    lease.resize(50);
    assertThat(lease.next(10)).as("an ended stream takes nothing").isFalse();
    assertThat(budget.held()).isZero();
  }

  @Test
  void aPageLargerThanTheBudgetGoesWhenNothingElseIsHeldAndAPageThatCameLargerIsCounted() {
    PageBudget.Lease big = budget.lease();
    assertThat(big.next(500)).isTrue();
    PageBudget.Lease other = budget.lease();
    assertThat(other.next(1)).isFalse();
    big.end();
    assertThat(other.next(50)).isTrue();
    other.resize(120);
    assertThat(budget.held()).isEqualTo(120);
    assertThat(budget.lease().next(1)).isFalse();
  }
}
