package dev.asyncrosetta.app;

import dev.asyncrosetta.model.CheckoutStyle;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "styles", mixinStandardHelpOptions = true,
        description = "Lists every style on the class path with its one-line summary, and the ones this JVM cannot run,"
                + " with why (virtual threads need JDK 21).")
final class StylesCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        StylesOnThisJvm found = StylesOnThisJvm.find();
        List<CheckoutStyle> styles = found.styles();
        if (styles.isEmpty()) {
            out.println("no styles on the class path" + (found.skipped().isEmpty() ? "" : " that this JVM can run"));
        }
        int width = styles.stream().mapToInt(style -> style.name().length()).max().orElse(0);
        for (CheckoutStyle style : styles) {
            out.printf("%-" + width + "s  %s%n", style.name(), style.summary());
        }
        if (!found.skipped().isEmpty()) {
            out.println();
            out.println("Not on this JVM (Java " + Runtime.version().feature() + "), though on the class path:");
            int providerWidth = found.skipped().stream().mapToInt(skipped -> skipped.provider().length()).max().orElse(0);
            for (StylesOnThisJvm.Skipped skipped : found.skipped()) {
                out.printf("  %-" + providerWidth + "s  %s%n", skipped.provider(), skipped.reason());
            }
        }
        out.flush();
        return styles.isEmpty() ? 1 : 0;
    }
}
