package dev.asyncrosetta.app;

import dev.asyncrosetta.backend.FaultRule;
import dev.asyncrosetta.backend.Ledger;
import dev.asyncrosetta.backend.ShopBackend;
import dev.asyncrosetta.backend.ShopData;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** A shop on an ephemeral loopback port for the length of one command. */
record EmbeddedShop(ShopBackend backend) implements ShopConnection {

    static EmbeddedShop start(Duration latency) {
        return new EmbeddedShop(ShopBackend.builder().latency(latency).start());
    }

    @Override
    public URI baseUri() {
        return backend.baseUri();
    }

    @Override
    public void latency(Duration latency) {
        backend.latency(latency);
    }

    @Override
    public void addFaults(List<FaultRule> rules) {
        rules.forEach(backend::addFault);
    }

    @Override
    public Optional<ShopData> data() {
        return Optional.of(backend.data());
    }

    @Override
    public Optional<Ledger> ledger() {
        return Optional.of(backend.ledger());
    }

    @Override
    public void close() {
        backend.close();
    }
}
