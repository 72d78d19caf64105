package dev.asyncrosetta.app;

import dev.asyncrosetta.model.CheckoutStyle;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "styles", mixinStandardHelpOptions = true,
        description = "Lists every style on the class path with its one-line summary.")
final class StylesCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        List<CheckoutStyle> styles = CheckoutStyle.all();
        if (styles.isEmpty()) {
            out.println("no styles on the class path");
            return 1;
        }
        int width = styles.stream().mapToInt(style -> style.name().length()).max().orElse(0);
        for (CheckoutStyle style : styles) {
            out.printf("%-" + width + "s  %s%n", style.name(), style.summary());
        }
        out.flush();
        return 0;
    }
}
