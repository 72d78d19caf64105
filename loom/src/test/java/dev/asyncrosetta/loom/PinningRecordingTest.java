package dev.asyncrosetta.loom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The recording VirtualThreadsContractTest relies on: it sees pins, tells the JDK's first-use class
 * loading from the rest, and sees none where virtual threads only park.
 */
class PinningRecordingTest {
    // Outside SlowToInitialize: touching a field of a class being initialized waits for it.
    private static final CountDownLatch INITIALIZING = new CountDownLatch(1);
    private static final CountDownLatch WAITER_ARRIVING = new CountDownLatch(1);

    @Test
    void countsAVirtualThreadParkingInAClassLoaderOfItsOwnAsPinning() throws Exception {
        Class<?> resolver = new SlowLoader().loadClass(ResolvesLater.class.getName());
        try (PinningRecording pinning = PinningRecording.start()) {
            // The VM asks SlowLoader for Resolved, with its own frame on the stack, and SlowLoader sleeps.
            Thread.ofVirtual().start(() -> invoke(resolver)).join();

            PinningRecording.Seen seen = pinning.stop();

            assertThat(seen.beyondClassLoading()).singleElement().asString().contains(SlowLoader.class.getName());
        }
    }

    @Test
    void toleratesAVirtualThreadWaitingForTheJdkToInitializeAClass() throws Exception {
        try (PinningRecording pinning = PinningRecording.start()) {
            Thread initializer = Thread.ofVirtual().start(SlowToInitialize::touch);
            Thread waiter = Thread.ofVirtual().start(() -> {
                await(INITIALIZING);
                WAITER_ARRIVING.countDown();
                SlowToInitialize.touch(); // still being initialized by the other thread: this one waits
            });
            initializer.join();
            waiter.join();

            PinningRecording.Seen seen = pinning.stop();

            assertThat(seen.whileLoadingClasses()).anySatisfy(pin ->
                    assertThat(pin.reason()).contains("initialization of " + SlowToInitialize.class.getName()));
        }
    }

    @Test
    void seesNoPinningWhenVirtualThreadsOnlyParkAndSleep() throws InterruptedException {
        assumeTrue(Runtime.version().feature() >= 24, "on JDK 21-23 a virtual thread parking in synchronized pins");
        try (PinningRecording pinning = PinningRecording.start()) {
            Object monitor = new Object();
            Thread sleeper = Thread.ofVirtual().start(() -> {
                synchronized (monitor) { // no longer pins since JDK 24 (JEP 491)
                    sleep(Duration.ofMillis(30));
                }
            });
            sleeper.join();

            PinningRecording.Seen seen = pinning.stop();

            assertThat(seen.virtualThreadsStarted()).isGreaterThanOrEqualTo(1);
            assertThat(seen.pins()).isEmpty();
        }
    }

    /** Its initializer holds on until a second thread is about to touch the class, then a while longer. */
    static final class SlowToInitialize {
        static {
            INITIALIZING.countDown();
            await(WAITER_ARRIVING);
            sleep(Duration.ofMillis(200)); // the waiter's next step is to touch the class
        }

        static void touch() {}
    }

    /** Loaded by SlowLoader, so that resolving Resolved goes through it. */
    public static final class ResolvesLater {
        public static void run() {
            Resolved.touch();
        }
    }

    static final class Resolved {
        static void touch() {}
    }

    /** Defines ResolvesLater and Resolved itself, and is slow to hand over Resolved. */
    static final class SlowLoader extends ClassLoader {
        SlowLoader() {
            super(PinningRecordingTest.class.getClassLoader());
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (!name.equals(ResolvesLater.class.getName()) && !name.equals(Resolved.class.getName())) {
                return super.loadClass(name, resolve);
            }
            synchronized (getClassLoadingLock(name)) {
                Class<?> loaded = findLoadedClass(name);
                if (loaded != null) return loaded;
                if (name.equals(Resolved.class.getName())) sleep(Duration.ofMillis(30));
                try (InputStream in = getParent().getResourceAsStream(name.replace('.', '/') + ".class")) {
                    byte[] bytes = in.readAllBytes();
                    return defineClass(name, bytes, 0, bytes.length);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
    }

    private static void invoke(Class<?> resolver) {
        try {
            resolver.getMethod("run").invoke(null);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(10, TimeUnit.SECONDS)) throw new IllegalStateException("not counted down within 10 s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
