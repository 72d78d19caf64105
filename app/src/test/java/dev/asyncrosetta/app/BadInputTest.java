package dev.asyncrosetta.app;

import static dev.asyncrosetta.app.CliRun.rosetta;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every kind of bad input: exit code 2 and one line naming what was wrong and what is accepted. */
@Timeout(60)
class BadInputTest {

    static Stream<Arguments> badInput() throws IOException {
        return Stream.of(
                bad("rosetta: missing a command (use styles, serve, checkout, compare, outage or bench)"),
                bad("rosetta: Unmatched argument at index 0: 'frobnicate' (see 'rosetta --help')", "frobnicate"),

                bad("rosetta checkout: Invalid value for option '--style': unknown style 'cobol' (use one of: ",
                        "checkout", "--style", "cobol", "--user", "u-0003"),
                bad("rosetta checkout: Missing required option: '--style=STYLE' (see 'rosetta checkout --help')",
                        "checkout", "--user", "u-0003"),
                bad("rosetta checkout: Missing required option: '--user=USER' (see 'rosetta checkout --help')",
                        "checkout", "--style", "futures"),
                bad("rosetta checkout: unknown user 'u-9999' (the shop's users are u-0001 to u-0200, e.g. u-0003)",
                        "checkout", "--style", "futures", "--user", "u-9999"),
                bad("rosetta checkout: Invalid value for option '--user': userId must be 1-64 characters from [A-Za-z0-9-]",
                        "checkout", "--style", "futures", "--user", "no such user!"),
                bad("rosetta checkout: Invalid value for option '--latency': not a duration: 'fast' (use e.g. 250ms or 2s)",
                        "checkout", "--style", "futures", "--user", "u-0003", "--latency", "fast"),
                bad("rosetta checkout: Invalid value for option '--fail' (RULE): not a fault rule: 'details' (use route[/id][#requestId][@from[-to]]=fault",
                        "checkout", "--style", "futures", "--user", "u-0003", "--fail", "details"),
                bad("rosetta checkout: Invalid value for option '--fail' (RULE): unknown route 'basket' (use user, orders, details or payment)",
                        "checkout", "--style", "futures", "--user", "u-0003", "--fail", "basket=503"),
                bad("rosetta checkout: Invalid value for option '--fail' (RULE): not a fault rule: 'details=teapot': unknown fault 'teapot' (use a status like 503",
                        "checkout", "--style", "futures", "--user", "u-0003", "--fail", "details=503", "--fail", "details=teapot"),
                bad("rosetta checkout: Invalid value for option '--fail' (RULE): not a fault rule: 'details@3-1=503': bad attempt range 3..1",
                        "checkout", "--style", "futures", "--user", "u-0003", "--fail", "details@3-1=503"),
                bad("rosetta checkout: Invalid value for option '--shop': not a shop URL: 'localhost:8080' (use the address 'rosetta serve' prints",
                        "checkout", "--style", "futures", "--user", "u-0003", "--shop", "localhost:8080"),
                bad("rosetta checkout: Invalid value for option '--shop': no shop answers at http://127.0.0.1:" + closedPort(),
                        "checkout", "--style", "futures", "--user", "u-0003", "--shop", "http://127.0.0.1:" + closedPort()),
                bad("rosetta checkout: Invalid value for option '--svg': cannot write '/no/such/dir/t.svg' (use a file name in an existing directory",
                        "checkout", "--style", "futures", "--user", "u-0003", "--svg", "/no/such/dir/t.svg"),
                bad("rosetta checkout: Unknown option: '--colour' (see 'rosetta checkout --help')",
                        "checkout", "--style", "futures", "--user", "u-0003", "--colour"),

                bad("rosetta compare: unknown user 'nobody' (the shop's users are u-0001 to u-0200, e.g. u-0003)",
                        "compare", "--user", "nobody"),
                bad("rosetta compare: Invalid value for option '--latency': not a duration: '-5ms' (use e.g. 250ms or 2s)",
                        "compare", "--latency", "-5ms"),
                bad("rosetta compare: Invalid value for option '--fail' (RULE): not a fault rule: 'payment=slow': unknown fault 'slow'",
                        "compare", "--fail", "payment=slow"),
                bad("rosetta compare: Invalid value for option '--warmup': -1 (use 0-20)", "compare", "--warmup", "-1"),
                bad("rosetta compare: Invalid value for option '--warmup': 'many' is not an int", "compare", "--warmup", "many"),
                bad("rosetta compare: Invalid value for option '--svg': cannot write", "compare", "--svg", "/no/such/dir/c.svg"),

                bad("rosetta outage: Invalid value for option '--style': unknown style 'cobol' (use one of: ", "outage", "--style", "cobol"),
                bad("rosetta outage: Invalid value for option '--rate': 0 (use 1-1000)", "outage", "--rate", "0"),
                bad("rosetta outage: the outage, from 12s for 5s, must last a while and end within the 15s of arrivals (see --duration,",
                        "outage", "--outage-at", "12s"),
                bad("rosetta outage: --kafka must be HOST:PORT[,HOST:PORT...], not 'localhost'", "outage", "--kafka", "localhost"),
                bad("rosetta outage: a Kafka client properties file (/no/such/client.properties) needs --kafka or KAFKA_BOOTSTRAP_SERVERS",
                        "outage", "--kafka-config", "/no/such/client.properties"),
                bad("rosetta outage: could not read the Kafka client properties file /no/such/client.properties",
                        "outage", "--kafka", "127.0.0.1:9", "--kafka-config", "/no/such/client.properties"),
                bad("rosetta outage: Invalid value for option '--svg': cannot write", "outage", "--svg", "/no/such/dir/o.svg"),

                bad("rosetta serve: Invalid value for option '--port': not a port: '70000' (use 0-65535; 0 takes any free port)",
                        "serve", "--port", "70000"),
                bad("rosetta serve: Invalid value for option '--port': not a port: 'http' (use 0-65535; 0 takes any free port)",
                        "serve", "--port", "http"),
                bad("rosetta serve: Invalid value for option '--latency': not a duration: '1h' (use e.g. 250ms or 2s)",
                        "serve", "--latency", "1h"),
                bad("rosetta serve: Invalid value for option '--seed': 'abc' is not a long", "serve", "--seed", "abc"),

                bad("rosetta styles: Unmatched argument at index 1: 'all' (see 'rosetta styles --help')", "styles", "all"));
    }

    @ParameterizedTest(name = "rosetta {1}")
    @MethodSource("badInput")
    void getsOneLineAndExitCodeTwo(String expectedStart, String shownArgs, String[] args) {
        CliRun run = rosetta(args);

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.errLines()).singleElement().asString().startsWith(expectedStart);
        assertThat(run.out()).isEmpty();
    }

    private static Arguments bad(String expectedStart, String... args) {
        return Arguments.of(expectedStart, String.join(" ", args), args);
    }

    /** A loopback port nobody listens on (the OS does not hand it out again at once). */
    private static int closedPort() throws IOException {
        if (closedPort == 0) {
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
                closedPort = socket.getLocalPort();
            }
        }
        return closedPort;
    }

    private static int closedPort;
}
