package dev.asyncrosetta.app;

import static dev.asyncrosetta.app.CliRun.rosetta;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.asyncrosetta.backend.ShopData;
import dev.asyncrosetta.model.Json;
import dev.asyncrosetta.model.User;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;

@Timeout(60)
class ServeCommandTest {
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Test
    void servesTheShopUntilStopped() throws Exception {
        CommandLine commandLine = Rosetta.commandLine();
        ServeCommand serve = commandLine.getSubcommands().get("serve").getCommand();
        CompletableFuture<CliRun> running = CompletableFuture.supplyAsync(
                () -> CliRun.rosetta(commandLine, "serve", "--port", "0", "--latency", "5ms", "--seed", "7"));

        URI shop = serve.listening().get(30, TimeUnit.SECONDS);
        ShopData data = ShopData.generate(7);
        User someone = KnownUsers.typical(data);
        HttpResponse<byte[]> answer = http.send(HttpRequest.newBuilder(shop.resolve("/users/" + someone.id())).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(Json.user(answer.body())).isEqualTo(someone);
        assertThat(running).isNotDone();

        serve.stop();
        CliRun run = running.get(30, TimeUnit.SECONDS);

        assertThat(run.exitCode()).isZero();
        assertThat(run.err()).isEmpty();
        assertThat(run.out()).startsWith("shop listening on " + shop + " (seed 7, 200 users, latency 5ms)")
                .contains(someone.id(), "no open orders", "many open orders", "always declined", "curl " + shop + "/users/",
                        "/admin/faults", "--shop " + shop, "Ctrl+C")
                .endsWith("shop stopped\n");
        assertThatThrownBy(() -> http.send(HttpRequest.newBuilder(shop.resolve("/users/u-0001")).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.discarding())).isInstanceOf(IOException.class);
    }

    @Test
    void aPortInUseIsBadInput() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            CliRun run = rosetta("serve", "--port", String.valueOf(taken.getLocalPort()));

            assertThat(run.exitCode()).isEqualTo(2);
            assertThat(run.errLines()).containsExactly("rosetta serve: port " + taken.getLocalPort()
                    + " is in use (choose another with --port, or --port 0 for any free port)");
            assertThat(run.out()).isEmpty();
        }
    }
}
