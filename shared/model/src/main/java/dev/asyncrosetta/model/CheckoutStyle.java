package dev.asyncrosetta.model;

import java.net.URI;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.stream.Collectors;

/**
 * One way of writing the workflow. Each style module registers its implementation in
 * {@code META-INF/services/dev.asyncrosetta.model.CheckoutStyle}, so tools find every style on the
 * class path without knowing any of them.
 */
public interface CheckoutStyle {

    /** The style's name: callbacks, futures, reactor, rxjava, vertx, virtual-threads or blocking. */
    String name();

    /** One line saying what the style is. */
    String summary();

    /** A service talking to the shop at {@code shopBaseUri}, behaving as {@code policy} says. */
    CheckoutService open(URI shopBaseUri, CheckoutPolicy policy);

    /**
     * Other ways of writing one part of this style that the benchmark measures beside it, to show what
     * a choice the style makes costs (e.g. a library's fan-out operator against a like-for-like one).
     * Each passes the contract as the style does, but none is registered: {@link #all()} never lists
     * one, so nothing else takes it for a style. None by default.
     */
    default List<CheckoutStyle> benchVariants() {
        return List.of();
    }

    /**
     * Every style on the class path that this JVM can run, sorted by name. A style built for a newer
     * JDK (virtual threads need 21) is skipped on an older one rather than failing the others.
     */
    static List<CheckoutStyle> all() {
        List<CheckoutStyle> styles = new ArrayList<>();
        Iterator<CheckoutStyle> found = ServiceLoader.load(CheckoutStyle.class).iterator();
        for (int skipped = 0; skipped < 100; ) {
            try {
                if (!found.hasNext()) break;
                styles.add(found.next());
            } catch (ServiceConfigurationError | UnsupportedClassVersionError notForThisJvm) {
                skipped++; // the loader moves on to the next provider
            }
        }
        styles.sort(Comparator.comparing(CheckoutStyle::name));
        return List.copyOf(styles);
    }

    /** The style with this name, or a NoSuchElementException naming the ones there are. */
    static CheckoutStyle named(String name) {
        List<CheckoutStyle> all = all();
        return all.stream()
                .filter(style -> style.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new NoSuchElementException("no style named '" + name + "'; found: "
                        + all.stream().map(CheckoutStyle::name).collect(Collectors.joining(", "))));
    }
}
