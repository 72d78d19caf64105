package dev.asyncrosetta.broker;

import java.io.IOException;
import java.io.InputStream;

/**
 * An embedded broker as a process of its own, for {@link BrokerProcess}: a broker that stands where a
 * real cluster would, outside the JVM of the program or test that uses it, so that program reaches it
 * only over the network, shares no static state, threads or heap with it, and can watch it die.
 *
 * <p>When the broker is ready it prints one line to standard output, and nothing else goes there:
 * {@value #READY_PREFIX}, the bootstrap servers, {@value #DIRECTORY_FIELD} and the broker's directory.
 * <pre>rosetta-broker ready bootstrap.servers=127.0.0.1:40123 directory=/tmp/rosetta-kafka-123</pre>
 *
 * <p>It stops, and deletes its directory, when its standard input closes (so it never outlives a
 * parent that died without stopping it: the parent's end of the pipe closes with it) or when it is
 * sent SIGTERM.
 */
public final class BrokerMain {
    /** The line that says the broker is ready starts with this; the bootstrap servers follow. */
    public static final String READY_PREFIX = "rosetta-broker ready bootstrap.servers=";
    /** Separates the bootstrap servers from the broker's directory, the rest of the ready line. */
    public static final String DIRECTORY_FIELD = " directory=";

    private BrokerMain() {
    }

    public static void main(String[] args) throws IOException {
        EmbeddedKafka kafka = EmbeddedKafka.start();
        // SIGTERM (BrokerProcess.close) runs the shutdown hooks: stop the broker and delete its files.
        Runtime.getRuntime().addShutdownHook(new Thread(kafka::close, "rosetta-broker-shutdown"));
        System.out.println(READY_PREFIX + kafka.bootstrapServers() + DIRECTORY_FIELD + kafka.directory());
        System.out.flush();
        System.err.println("rosetta-broker: Kafka at " + kafka.bootstrapServers() + ", started in "
                + kafka.startedIn().toMillis() + " ms; stops when standard input closes");

        drainUntilClosed(System.in);
        kafka.close();
        // Kafka leaves no thread that would keep the JVM up after close, but a broker that does not
        // exit is the failure this process exists to rule out.
        System.exit(0);
    }

    private static void drainUntilClosed(InputStream in) throws IOException {
        byte[] buffer = new byte[256];
        while (in.read(buffer) != -1) {
            // input is ignored; only its end matters
        }
    }
}
