package dev.asyncrosetta.app;

import dev.asyncrosetta.backend.Durations;
import dev.asyncrosetta.backend.FaultRule;
import dev.asyncrosetta.backend.Ledger;
import dev.asyncrosetta.backend.ShopData;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A shop running elsewhere, set up through its admin routes: {@code POST /admin/faults} (one rule a
 * line) and {@code PUT /admin/latency}. Its data and ledger stay there: checkouts against it show
 * only the client's side of each call.
 */
final class RemoteShop implements ShopConnection {
    private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(5);

    private final URI base;
    private final HttpClient http;

    private RemoteShop(URI base, HttpClient http) {
        this.base = base;
        this.http = http;
    }

    /** Connects and checks that a shop answers there, so a wrong URL is reported as such. */
    static RemoteShop connect(URI base) {
        RemoteShop shop = new RemoteShop(base, HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(ADMIN_TIMEOUT)
                .build());
        try {
            shop.admin("GET", "/admin/faults", HttpRequest.BodyPublishers.noBody());
            return shop;
        } catch (RuntimeException e) {
            shop.close();
            throw e;
        }
    }

    @Override
    public URI baseUri() {
        return base;
    }

    @Override
    public void latency(Duration latency) {
        admin("PUT", "/admin/latency", HttpRequest.BodyPublishers.ofString(Durations.format(latency)));
    }

    @Override
    public void addFaults(List<FaultRule> rules) {
        if (rules.isEmpty()) return;
        String body = rules.stream().map(FaultRule::toString).collect(Collectors.joining("\n", "", "\n"));
        admin("POST", "/admin/faults", HttpRequest.BodyPublishers.ofString(body));
    }

    @Override
    public Optional<ShopData> data() {
        return Optional.empty();
    }

    @Override
    public Optional<Ledger> ledger() {
        return Optional.empty();
    }

    private void admin(String method, String path, HttpRequest.BodyPublisher body) {
        URI uri = base.resolve(path);
        HttpResponse<String> response;
        try {
            response = http.send(HttpRequest.newBuilder(uri).timeout(ADMIN_TIMEOUT).method(method, body).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new ShopUnavailableException("no shop answers at " + base + " (" + describe(e)
                    + "); start one with 'rosetta serve' and pass the address it prints");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ShopUnavailableException("interrupted while talking to the shop at " + base);
        }
        if (response.statusCode() / 100 != 2) {
            throw new ShopUnavailableException(method + " " + uri + " answered " + response.statusCode()
                    + ": is this a rosetta shop? (start one with 'rosetta serve')");
        }
    }

    private static String describe(IOException e) {
        return e.getMessage() == null || e.getMessage().isBlank() ? e.getClass().getSimpleName() : e.getMessage();
    }

    /** On JDK 21+ the client holds a selector thread until closed; on 17 it stops once unreachable. */
    @Override
    public void close() {
        if (http instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                throw new IllegalStateException("closing the admin HTTP client failed", e);
            }
        }
    }

    /** The shop given with --shop cannot be used: it does not answer, or is not a shop. */
    static final class ShopUnavailableException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        ShopUnavailableException(String message) {
            super(message);
        }
    }
}
