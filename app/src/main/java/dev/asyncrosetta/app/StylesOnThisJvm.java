package dev.asyncrosetta.app;

import dev.asyncrosetta.model.CheckoutStyle;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The styles this JVM runs, and the ones on the class path it cannot, each with why.
 * {@link CheckoutStyle#all()} leaves out a style that does not load (the loom module's styles are
 * built for JDK 21, for virtual threads) without a word; this reads the same service files as its
 * ServiceLoader and names every provider that all() left out, so that a user on JDK 17 learns what
 * they miss rather than wondering where virtual-threads went. The app still names no style itself.
 *
 * @param styles what {@link CheckoutStyle#all()} found, sorted by name
 * @param skipped the providers registered on the class path that are not among them, in the order found
 */
record StylesOnThisJvm(List<CheckoutStyle> styles, List<Skipped> skipped) {
    static final String SERVICE_FILE = "META-INF/services/" + CheckoutStyle.class.getName();
    private static final Pattern CLASS_FILE_VERSION = Pattern.compile("class file version (\\d+)");
    /** Class file version 61 is Java 17: the feature release is the major version less 44. */
    private static final int CLASS_FILE_VERSION_OF_JAVA_0 = 44;

    StylesOnThisJvm {
        styles = List.copyOf(styles);
        skipped = List.copyOf(skipped);
    }

    /** A style registered on the class path that this JVM cannot run. */
    record Skipped(String provider, String reason) {
        @Override
        public String toString() {
            return provider + ": " + reason;
        }
    }

    /**
     * The styles as {@link CheckoutStyle#all()} finds them, through the thread's context class
     * loader as ServiceLoader does, and the ones it skipped.
     */
    static StylesOnThisJvm find() {
        List<CheckoutStyle> styles = CheckoutStyle.all();
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        ClassLoader loader = context != null ? context : ClassLoader.getSystemClassLoader();
        Set<String> loaded = styles.stream().map(style -> style.getClass().getName()).collect(Collectors.toSet());
        List<Skipped> skipped = new ArrayList<>();
        for (String provider : providers(loader)) {
            if (!loaded.contains(provider)) skipped.add(new Skipped(provider, whyNot(provider, loader)));
        }
        return new StylesOnThisJvm(styles, skipped);
    }

    /** Every provider the service files on the class path name, once each, in the order ServiceLoader reads them. */
    static List<String> providers(ClassLoader loader) {
        Set<String> providers = new LinkedHashSet<>();
        try {
            for (URL file : Collections.list(loader.getResources(SERVICE_FILE))) {
                try (BufferedReader lines = new BufferedReader(new InputStreamReader(file.openStream(), StandardCharsets.UTF_8))) {
                    lines.lines().map(line -> line.replaceFirst("#.*", "").strip()).filter(line -> !line.isEmpty()).forEach(providers::add);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + SERVICE_FILE, e);
        }
        return List.copyOf(providers);
    }

    /** Why this provider does not load here: the class is for a newer Java, is missing, or fails to start. */
    static String whyNot(String provider, ClassLoader loader) {
        try {
            Class<?> type = Class.forName(provider, false, loader);
            if (!CheckoutStyle.class.isAssignableFrom(type)) return "not a " + CheckoutStyle.class.getSimpleName();
            type.getConstructor().newInstance();
            return "it did not load when the styles were listed, and loads now";
        } catch (UnsupportedClassVersionError e) {
            return needsNewerJava(e);
        } catch (ClassNotFoundException e) {
            return "its class is not on the class path";
        } catch (NoSuchMethodException e) {
            return "it has no public constructor without arguments";
        } catch (InvocationTargetException e) {
            return "it fails to start: " + e.getCause();
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            return "it does not load: " + e;
        }
    }

    /** "needs Java 21 or newer; this is Java 17", read off the class file version the error names. */
    static String needsNewerJava(UnsupportedClassVersionError e) {
        String here = "this is Java " + Runtime.version().feature();
        Matcher version = CLASS_FILE_VERSION.matcher(String.valueOf(e.getMessage()));
        if (!version.find()) return "it is built for a newer Java; " + here;
        return "needs Java " + (Integer.parseInt(version.group(1)) - CLASS_FILE_VERSION_OF_JAVA_0) + " or newer; " + here;
    }

    /** The styles' names, comma-separated. */
    String names() {
        return styles.stream().map(CheckoutStyle::name).collect(Collectors.joining(", "));
    }

    /** One line for the skipped providers, or an empty one when there are none. */
    String skippedInOneLine() {
        return skipped.isEmpty() ? "" : "not on this JVM: " + skipped.stream().map(Skipped::toString).collect(Collectors.joining("; "));
    }
}
