package dev.asyncrosetta.app;

import dev.asyncrosetta.backend.Durations;
import dev.asyncrosetta.backend.FaultRule;
import dev.asyncrosetta.model.CheckoutStyle;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Turns option text into values, with messages that say what is accepted. Picocli prefixes each
 * message with the option it came from, which gives the one-line error the command prints. Public for
 * the commands in the app's subpackages.
 */
public final class Converters {
    private Converters() {}

    /** {@code 20ms}, {@code 2s} or {@code 0}, read as the shop reads them. */
    public static final class ShortDuration implements ITypeConverter<Duration> {
        @Override
        public Duration convert(String text) {
            try {
                return Durations.parse(text);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    /** {@code route[/id][#requestId][@from[-to]]=fault}, as the shop's admin route reads it. */
    static final class Fault implements ITypeConverter<FaultRule> {
        @Override
        public FaultRule convert(String text) {
            try {
                return FaultRule.parse(text);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    static final class Port implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String text) {
            try {
                int port = Integer.parseInt(text.trim());
                if (port >= 0 && port <= 65535) return port;
            } catch (NumberFormatException e) {
                // falls through to the message below
            }
            throw new TypeConversionException("not a port: '" + text + "' (use 0-65535; 0 takes any free port)");
        }
    }

    /** A style found on the class path; the app names none of them itself. */
    public static final class Style implements ITypeConverter<CheckoutStyle> {
        @Override
        public CheckoutStyle convert(String name) {
            StylesOnThisJvm found = StylesOnThisJvm.find();
            List<CheckoutStyle> all = found.styles();
            return all.stream()
                    .filter(style -> style.name().equals(name))
                    .findFirst()
                    .orElseThrow(() -> new TypeConversionException("unknown style '" + name + "' (use one of: "
                            + (all.isEmpty() ? "none, no style is on the class path" : names(all))
                            + (found.skipped().isEmpty() ? "" : "; " + found.skippedInOneLine()) + ")"));
        }

        static String names(List<CheckoutStyle> styles) {
            return styles.stream().map(CheckoutStyle::name).collect(Collectors.joining(", "));
        }
    }

    /** A file to write: its directory must exist, so a typo fails before the checkouts run. */
    public static final class OutputFile implements ITypeConverter<Path> {
        @Override
        public Path convert(String text) {
            Path file;
            try {
                file = Path.of(text).toAbsolutePath();
            } catch (InvalidPathException e) {
                throw new TypeConversionException("not a file name: '" + text + "'");
            }
            if (Files.isDirectory(file) || file.getParent() == null || !Files.isDirectory(file.getParent())) {
                throw new TypeConversionException("cannot write '" + text
                        + "' (use a file name in an existing directory, e.g. timeline.svg)");
            }
            return file;
        }
    }

    /** An OpenTelemetry collector's OTLP/HTTP endpoint for traces. */
    static final class OtlpUrl implements ITypeConverter<URI> {
        @Override
        public URI convert(String text) {
            return httpUrl(text).orElseThrow(() -> new TypeConversionException("not a collector URL: '" + text
                    + "' (use its OTLP/HTTP traces endpoint, e.g. http://localhost:4318/v1/traces)"));
        }
    }

    /** The base URL of a shop started elsewhere, e.g. by {@code rosetta serve}. */
    static final class ShopUrl implements ITypeConverter<URI> {
        @Override
        public URI convert(String text) {
            return httpUrl(text).orElseThrow(() -> new TypeConversionException("not a shop URL: '" + text
                    + "' (use the address 'rosetta serve' prints, e.g. http://127.0.0.1:8080)"));
        }
    }

    /** An http or https URL with a host, or nothing. */
    private static java.util.Optional<URI> httpUrl(String text) {
        try {
            URI uri = new URI(text.trim());
            if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null) {
                return java.util.Optional.of(uri);
            }
        } catch (URISyntaxException e) {
            // not a URL at all: nothing
        }
        return java.util.Optional.empty();
    }
}
