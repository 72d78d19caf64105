package dev.asyncrosetta.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class StyleThreadsTest {

    @AfterEach
    void clear() {
        System.clearProperty(StyleThreads.IO_THREADS_PROPERTY);
    }

    @Test
    void aStyleKeepsItsOwnDefaultUnlessThePropertySetsItsIoThreads() {
        assertThat(StyleThreads.ioThreads(7)).isEqualTo(7);

        System.setProperty(StyleThreads.IO_THREADS_PROPERTY, "3");

        assertThat(StyleThreads.ioThreads(7)).isEqualTo(3);
    }

    @Test
    void aPropertyThatIsNoPositiveNumberLeavesTheDefault() {
        System.setProperty(StyleThreads.IO_THREADS_PROPERTY, "0");
        assertThat(StyleThreads.ioThreads(7)).isEqualTo(7);

        System.setProperty(StyleThreads.IO_THREADS_PROPERTY, "many");
        assertThat(StyleThreads.ioThreads(7)).isEqualTo(7);
    }
}
