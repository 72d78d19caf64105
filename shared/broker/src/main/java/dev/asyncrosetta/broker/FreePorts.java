package dev.asyncrosetta.broker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

/**
 * Loopback ports that were free a moment ago. A KRaft node must know its controller's port before it
 * starts (the quorum voters name it, and the storage is formatted for them), so "bind to port 0" does
 * not work here; another process can still take a port between this check and the broker's bind,
 * which {@link EmbeddedKafka#start()} answers by trying again with new ports.
 */
final class FreePorts {
    private FreePorts() {
    }

    /** {@code count} distinct free ports on 127.0.0.1, all held open together so none is picked twice. */
    static List<Integer> pick(int count) {
        List<ServerSocket> held = new ArrayList<>();
        try {
            List<Integer> ports = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                held.add(socket);
                ports.add(socket.getLocalPort());
            }
            return ports;
        } catch (IOException e) {
            throw new UncheckedIOException("no free loopback port", e);
        } finally {
            for (ServerSocket socket : held) {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // a socket that will not close still frees its port when this JVM's reference goes
                }
            }
        }
    }
}
