package dev.asyncrosetta.app;

import dev.asyncrosetta.backend.FaultRule;
import dev.asyncrosetta.backend.Ledger;
import dev.asyncrosetta.backend.ShopData;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The shop a checkout talks to: one started in this JVM for the run, or one already running
 * elsewhere ({@code --shop URL}, e.g. from {@code rosetta serve}), reached over its admin routes.
 */
sealed interface ShopConnection extends AutoCloseable permits EmbeddedShop, RemoteShop {

    URI baseUri();

    void latency(Duration latency);

    void addFaults(List<FaultRule> rules);

    /** The shop's data, known only for a shop in this JVM: it lets bad input be refused before any call. */
    Optional<ShopData> data();

    /** The shop's ledger, known only for a shop in this JVM: its side of every call, on this JVM's clock. */
    Optional<Ledger> ledger();

    @Override
    void close();
}
