package dev.asyncrosetta.app.outage;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** The payment paths {@code rosetta outage --paths} can name, in the order their runs are shown. */
enum PathChoice {
    HTTP("http"),
    HTTP_PROTECTED("http-protected"),
    BROKER("broker");

    private final String option;

    PathChoice(String option) {
        this.option = option;
    }

    @Override
    public String toString() {
        return option;
    }

    /** Picocli's own enum conversion knows the constants' names, not the option's words with their dash. */
    static final class Converter implements ITypeConverter<PathChoice> {
        @Override
        public PathChoice convert(String value) {
            String wanted = value.trim().toLowerCase(Locale.ROOT);
            return Arrays.stream(values()).filter(choice -> choice.option.equals(wanted)).findFirst()
                    .orElseThrow(() -> new TypeConversionException("'" + value + "' is not a payment path (use "
                            + Arrays.stream(values()).map(PathChoice::toString).collect(Collectors.joining(", ")) + ")"));
        }
    }
}
