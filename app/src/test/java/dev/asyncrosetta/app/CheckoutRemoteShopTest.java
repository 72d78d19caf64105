package dev.asyncrosetta.app;

import static dev.asyncrosetta.app.CliRun.rosetta;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.asyncrosetta.backend.FaultRule;
import dev.asyncrosetta.backend.Route;
import dev.asyncrosetta.backend.ShopBackend;
import java.net.InetSocketAddress;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** checkout --shop URL: a shop running elsewhere, set up over its admin routes. */
@Timeout(60)
class CheckoutRemoteShopTest {
    private ShopBackend shop;
    private String user;

    @BeforeEach
    void startShop() {
        shop = ShopBackend.start();
        user = shop.data().userWithOpenOrders(3, 6).id();
    }

    @AfterEach
    void stopShop() {
        shop.close();
    }

    @Test
    void runsAgainstTheGivenShopWithItsLatencyAndFaultsScopedToTheCheckout() {
        CliRun run = rosetta("checkout", "--style", "futures", "--user", user, "--shop", shop.baseUri().toString(),
                "--latency", "5ms", "--fail", "details@1=503", "--trace");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("Receipt checkout-", Money.format(shop.data().totalFor(user)));
        assertThat(shop.latency()).isEqualTo(Duration.ofMillis(5));
        assertThat(shop.faults()).singleElement().satisfies(rule -> {
            assertThat(rule.requestId()).startsWith("checkout-");
            assertThat(rule).isEqualTo(FaultRule.parse("details@1=503").forRequest(rule.requestId()));
        });
        int orders = shop.data().openOrders(user).size();
        assertThat(shop.ledger().calls()).filteredOn(call -> call.route() == Route.DETAILS).hasSize(2 * orders);
        // No ledger of its own for a remote shop: the calls are drawn as the client saw them.
        assertThat(run.out()).contains("= the call as the client saw it").doesNotContain("# the shop working");
        assertThat(run.outLines()).filteredOn(line -> line.startsWith("  DETAILS ")).hasSize(2 * orders);
    }

    @Test
    void anUnknownUserIsTheCheckoutsOwnFailure() {
        CliRun run = rosetta("checkout", "--style", "futures", "--user", "u-9999", "--shop", shop.baseUri().toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.errLines()).singleElement().asString().startsWith("UserNotFoundException: ");
        assertThat(shop.faults()).isEmpty();
    }

    @Test
    void somethingThatIsNotAShopIsBadInput() throws Exception {
        HttpServer notAShop = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        notAShop.createContext("/", exchange -> {
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
        });
        notAShop.start();
        try {
            CliRun run = rosetta("checkout", "--style", "futures", "--user", user,
                    "--shop", "http://127.0.0.1:" + notAShop.getAddress().getPort());

            assertThat(run.exitCode()).isEqualTo(2);
            assertThat(run.errLines()).singleElement().asString()
                    .startsWith("rosetta checkout: Invalid value for option '--shop': ")
                    .contains("answered 404", "rosetta serve");
        } finally {
            notAShop.stop(0);
        }
    }
}
