package dev.asyncrosetta.app;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The {@code rosetta} command: run the shop, run a checkout in any style, and see where each step
 * ran and when. Exit codes: 0 done, 1 the checkout (or the command) failed, 2 bad input.
 */
@Command(name = "rosetta",
        mixinStandardHelpOptions = true,
        versionProvider = RosettaVersion.class,
        description = "One checkout workflow in every Java async style: run it, trace it, compare the styles.",
        subcommands = {StylesCommand.class, ServeCommand.class, CheckoutCommand.class, CompareCommand.class, dev.asyncrosetta.app.outage.OutageCommand.class,
                dev.asyncrosetta.app.bench.BenchCommand.class},
        footer = {"", "Start with: rosetta compare"})
public final class Rosetta implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    static final String JDK_HTTP_RETRY_LIMIT = "jdk.httpclient.redirects.retrylimit";

    public static void main(String[] args) {
        // java.net.http resends a request on its own when the connection dies before the first byte;
        // the styles built on it retry by their own policy, so the client's resend must be off. The
        // switch is JVM-wide and read once, so it is set before any client exists (docs/adopting.md).
        if (System.getProperty(JDK_HTTP_RETRY_LIMIT) == null) {
            System.setProperty(JDK_HTTP_RETRY_LIMIT, "1");
        }
        System.exit(commandLine().execute(args));
    }

    /** The command line with its error handling; tests drive it the way {@link #main} does. */
    public static CommandLine commandLine() {
        return OneLineErrors.install(new CommandLine(new Rosetta()));
    }

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "missing a command (use styles, serve, checkout, compare, outage or bench)");
    }
}
