package dev.asyncrosetta.app;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.MissingParameterException;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Errors as one line on stderr instead of picocli's message plus the whole usage: bad input exits 2
 * ({@code --help} still shows the usage), anything else that goes wrong exits 1.
 */
final class OneLineErrors {
    private OneLineErrors() {}

    static CommandLine install(CommandLine commandLine) {
        return commandLine
                .setParameterExceptionHandler(OneLineErrors::badInput)
                .setExecutionExceptionHandler((failure, command, parseResult) -> failed(failure, command));
    }

    private static int badInput(ParameterException e, String[] args) {
        CommandLine command = e.getCommandLine();
        String hint = e instanceof UnmatchedArgumentException || e instanceof MissingParameterException
                ? " (see '" + command.getCommandSpec().qualifiedName() + " --help')"
                : "";
        print(command, e.getMessage() + hint);
        return command.getCommandSpec().exitCodeOnInvalidInput();
    }

    private static int failed(Exception e, CommandLine command) {
        print(command, e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        return command.getCommandSpec().exitCodeOnExecutionException();
    }

    private static void print(CommandLine command, String message) {
        PrintWriter err = command.getErr();
        err.println(command.getCommandSpec().qualifiedName() + ": " + message.replaceAll("\\s*\\R\\s*", " ").strip());
        err.flush();
    }
}
