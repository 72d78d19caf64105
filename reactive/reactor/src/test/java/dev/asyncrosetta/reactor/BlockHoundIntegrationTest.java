package dev.asyncrosetta.reactor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import reactor.blockhound.integration.BlockHoundIntegration;

/**
 * C17 relies on Reactor and Netty telling BlockHound which of their threads must not block (Reactor's
 * non-blocking schedulers, such as this style's timer, and Netty's event loops, such as its HTTP
 * loops). They do so through integrations BlockHound finds with ServiceLoader: if a dependency change
 * dropped them, C17 would pass without watching those threads.
 */
class BlockHoundIntegrationTest {

    @Test
    void reactorAndNettyIntegrationsAreOnTheClassPath() {
        assertThat(ServiceLoader.load(BlockHoundIntegration.class).stream().map(provider -> provider.type().getName()))
                .contains("reactor.core.scheduler.ReactorBlockHoundIntegration",
                        "io.netty.util.internal.Hidden$NettyBlockHoundIntegration");
    }
}
