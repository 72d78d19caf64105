package dev.asyncrosetta.app;

import static dev.asyncrosetta.app.CliRun.rosetta;
import static org.assertj.core.api.Assertions.assertThat;

import dev.asyncrosetta.app.StylesOnThisJvm.Skipped;
import dev.asyncrosetta.model.CheckoutPolicy;
import dev.asyncrosetta.model.CheckoutService;
import dev.asyncrosetta.model.CheckoutStyle;
import java.io.IOException;
import java.net.URI;
import java.net.URLClassLoader;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Styles registered on the class path that this JVM cannot run, as a JDK 17 user meets the loom
 * module's (built for 21): a class path entry of its own registers a provider whose class file is
 * for a Java far newer than this one, a provider whose class is missing and one that fails to start.
 * {@link CheckoutStyle#all()} skips all three in silence; the app names each, with why.
 */
@Timeout(300)
class StylesOnThisJvmTest {
    /** Class file version 255: Java 211, newer than any JVM running this test. */
    private static final int FAR_FUTURE_MAJOR = 255;
    private static final String TOO_NEW = "org.example.future.TooNewStyle";
    private static final String MISSING = "org.example.gone.MissingStyle";
    private static final String FAILING = FailingStyle.class.getName();

    @TempDir
    Path classPath;

    @BeforeEach
    void registerStylesThatCannotLoad() throws IOException {
        Path services = classPath.resolve(StylesOnThisJvm.SERVICE_FILE);
        Files.createDirectories(services.getParent());
        Files.writeString(services, "# styles this JVM cannot run\n" + TOO_NEW + "\n" + MISSING + "  # gone\n" + FAILING + "\n");
        Path classFile = classPath.resolve(TOO_NEW.replace('.', '/') + ".class");
        Files.createDirectories(classFile.getParent());
        // The JVM reads the version right after the magic number and refuses the class there.
        Files.write(classFile, ByteBuffer.allocate(16).putInt(0xCAFEBABE).putShort((short) 0).putShort((short) FAR_FUTURE_MAJOR).array());
    }

    @Test
    void allSkipsThemInSilence() throws Exception {
        List<String> names = withThisClassPath(() -> CheckoutStyle.all().stream().map(CheckoutStyle::name).toList());

        assertThat(names).isEqualTo(CheckoutStyle.all().stream().map(CheckoutStyle::name).toList()).contains("futures");
    }

    @Test
    void namesEverySkippedProviderWithWhy() throws Exception {
        StylesOnThisJvm found = withThisClassPath(StylesOnThisJvm::find);

        assertThat(found.styles()).extracting(CheckoutStyle::name)
                .isEqualTo(CheckoutStyle.all().stream().map(CheckoutStyle::name).toList());
        assertThat(found.skipped()).containsExactly(
                new Skipped(TOO_NEW, "needs Java " + (FAR_FUTURE_MAJOR - 44) + " or newer; this is Java " + Runtime.version().feature()),
                new Skipped(MISSING, "its class is not on the class path"),
                new Skipped(FAILING, "it fails to start: java.lang.IllegalStateException: no shop today"));
    }

    @Test
    void onTheUsualClassPathNothingIsSkipped() {
        StylesOnThisJvm found = StylesOnThisJvm.find();

        assertThat(found.skipped()).isEmpty();
        assertThat(found.skippedInOneLine()).isEmpty();
        assertThat(StylesOnThisJvm.providers(getClass().getClassLoader())).hasSize(found.styles().size());
    }

    @Test
    void theJavaAStyleNeedsComesFromTheClassFileVersion() {
        UnsupportedClassVersionError loomOn17 = new UnsupportedClassVersionError("dev/asyncrosetta/loom/VirtualThreadsStyle has been"
                + " compiled by a more recent version of the Java Runtime (class file version 65.0), this version of the Java Runtime"
                + " only recognizes class file versions up to 61.0");

        assertThat(StylesOnThisJvm.needsNewerJava(loomOn17)).startsWith("needs Java 21 or newer; this is Java ");
        assertThat(StylesOnThisJvm.needsNewerJava(new UnsupportedClassVersionError()))
                .startsWith("it is built for a newer Java; this is Java ");
    }

    @Test
    void stylesListsTheSkippedOnesAfterTheOthers() throws Exception {
        CliRun run = withThisClassPath(() -> rosetta("styles"));

        List<CheckoutStyle> styles = CheckoutStyle.all();
        assertThat(run.exitCode()).isZero();
        assertThat(run.err()).isEmpty();
        assertThat(run.outLines().subList(0, styles.size())).allSatisfy(line -> assertThat(line).doesNotStartWith(" "));
        assertThat(run.outLines().subList(styles.size(), run.outLines().size())).containsExactly(
                "",
                "Not on this JVM (Java " + Runtime.version().feature() + "), though on the class path:",
                "  " + pad(TOO_NEW) + "  needs Java " + (FAR_FUTURE_MAJOR - 44) + " or newer; this is Java " + Runtime.version().feature(),
                "  " + pad(MISSING) + "  its class is not on the class path",
                "  " + pad(FAILING) + "  it fails to start: java.lang.IllegalStateException: no shop today");
    }

    @Test
    void compareSaysWhichStylesItLeavesOut() throws Exception {
        CliRun run = withThisClassPath(() -> rosetta("compare", "--latency", "0", "--warmup", "0"));

        assertThat(run.exitCode()).isZero();
        assertThat(run.outLines().get(1)).startsWith("Not compared, as this JVM (Java " + Runtime.version().feature() + ") cannot run them: "
                + TOO_NEW + ": needs Java " + (FAR_FUTURE_MAJOR - 44) + " or newer").contains(MISSING + ": its class is not on the class path");
    }

    @Test
    void anUnknownStyleNamesTheSkippedOnes() throws Exception {
        CliRun run = withThisClassPath(() -> rosetta("checkout", "--style", "virtual-threads-2"));

        assertThat(run.exitCode()).isNotZero();
        assertThat(run.err()).contains("unknown style 'virtual-threads-2' (use one of: ", "; not on this JVM: " + TOO_NEW + ": needs Java");
    }

    private <T> T withThisClassPath(Callable<T> action) throws Exception {
        Thread thread = Thread.currentThread();
        ClassLoader before = thread.getContextClassLoader();
        try (URLClassLoader loader = new URLClassLoader(new java.net.URL[] {classPath.toUri().toURL()}, getClass().getClassLoader())) {
            thread.setContextClassLoader(loader);
            return action.call();
        } finally {
            thread.setContextClassLoader(before);
        }
    }

    private static String pad(String provider) {
        int width = List.of(TOO_NEW, MISSING, FAILING).stream().mapToInt(String::length).max().orElse(0);
        return String.format("%-" + width + "s", provider);
    }

    /** A style that throws when ServiceLoader makes it. */
    public static final class FailingStyle implements CheckoutStyle {
        public FailingStyle() {
            throw new IllegalStateException("no shop today");
        }

        @Override
        public String name() {
            return "failing";
        }

        @Override
        public String summary() {
            return "never made";
        }

        @Override
        public CheckoutService open(URI shopBaseUri, CheckoutPolicy policy) {
            throw new UnsupportedOperationException();
        }
    }
}
