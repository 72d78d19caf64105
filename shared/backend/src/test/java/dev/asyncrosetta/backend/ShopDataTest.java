package dev.asyncrosetta.backend;

import static org.assertj.core.api.Assertions.assertThat;

import dev.asyncrosetta.model.OrderDetails;
import org.junit.jupiter.api.Test;

class ShopDataTest {

    @Test
    void theSameSeedGivesTheSameShop() {
        ShopData one = ShopData.generate(7);
        ShopData two = ShopData.generate(7);

        assertThat(one.users()).isEqualTo(two.users());
        one.users().forEach(user -> {
            assertThat(one.openOrders(user.id())).isEqualTo(two.openOrders(user.id()));
            assertThat(one.totalFor(user.id())).isEqualTo(two.totalFor(user.id()));
        });
        assertThat(ShopData.generate(8).users()).isNotEqualTo(one.users());
    }

    @Test
    void hasEveryKindOfUserTheScenariosNeed() {
        ShopData data = ShopData.generate(ShopData.DEFAULT_SEED);

        assertThat(data.openOrders(data.userWithoutOpenOrders().id())).isEmpty();
        assertThat(data.openOrders(data.userWithOpenOrders(12, 20).id())).hasSizeGreaterThanOrEqualTo(12);
        assertThat(data.isDeclining(data.decliningUser().id())).isTrue();
        assertThat(data.payingUsers(n -> n >= 1 && n <= 2)).hasSizeGreaterThan(20);
    }

    @Test
    void detailsTotalsAreTheSumOfTheirLines() {
        ShopData data = ShopData.generate(ShopData.DEFAULT_SEED);
        data.users().forEach(user -> data.openOrders(user.id()).forEach(order -> {
            OrderDetails details = data.details(order.id());
            assertThat(details.totalCents()).isEqualTo(details.lines().stream().mapToLong(l -> l.totalCents()).sum());
        }));
    }
}
