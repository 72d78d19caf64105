package dev.asyncrosetta.app.bench;

import dev.asyncrosetta.backend.Call;
import dev.asyncrosetta.backend.ShopBackend;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/**
 * The main class of the shop's own JVM during {@code rosetta bench}, so that the client's CPU time is
 * the client's alone. Unlike {@code rosetta serve} it takes orders on stdin and dies with its parent
 * (stdin closes), and it can forget its ledger between runs: the ledger keeps every call, and over a
 * full bench (millions of calls) it would fill the shop's heap and slow the shop down for the styles
 * measured last.
 *
 * <pre>
 * latency MILLIS   answer every call that much later        -> bench-shop ok
 * reset            forget the ledger (payments stay)        -> bench-shop ok
 * cpu              this JVM's CPU time so far               -> bench-shop cpu NANOS
 * calls            the calls since the last reset           -> bench-shop calls TOTAL RETRIES ABORTED
 * stop, or EOF     close the shop and exit
 * </pre>
 */
public final class BenchShop {
    static final String PREFIX = "bench-shop ";

    private BenchShop() {}

    public static void main(String[] args) throws IOException {
        long seed = args.length > 0 ? Long.parseLong(args[0]) : dev.asyncrosetta.backend.ShopData.DEFAULT_SEED;
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        try (ShopBackend shop = ShopBackend.builder().seed(seed).start()) {
            reply("listening " + shop.baseUri());
            for (String line = commands.readLine(); line != null && !line.equals("stop"); line = commands.readLine()) {
                String[] words = line.trim().split(" ");
                switch (words[0]) {
                    case "latency" -> {
                        shop.latency(Duration.ofMillis(Long.parseLong(words[1])));
                        reply("ok");
                    }
                    case "reset" -> {
                        shop.ledger().clear();
                        reply("ok");
                    }
                    case "cpu" -> reply("cpu " + os.getProcessCpuTime());
                    case "calls" -> reply("calls " + calls(shop.ledger().calls()));
                    default -> reply("unknown command: " + line);
                }
            }
        }
    }

    /** All of them; the later attempts of a call (retries); those the client aborted (its timeouts, its cancels). */
    private static String calls(List<Call> calls) {
        long retries = calls.stream().filter(call -> call.attempt() > 1).count();
        long aborted = calls.stream().filter(call -> call.ending() == Call.Ending.ABORTED_BY_CLIENT).count();
        return calls.size() + " " + retries + " " + aborted;
    }

    private static void reply(String message) {
        System.out.println(PREFIX + message);
        System.out.flush();
    }
}
