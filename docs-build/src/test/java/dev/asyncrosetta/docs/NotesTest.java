package dev.asyncrosetta.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class NotesTest {

    @Test
    void readsIntroductionsNotesWithTheirFingerprintsAndModuleCells() {
        Notes notes = Notes.parse(List.of(
                "# Notes",
                "Free text before the first step is ignored.",
                "",
                "## step pay",
                "",
                "The payment.",
                "Two lines.",
                "",
                "### futures @ 0123abcd",
                "",
                "A note.",
                "",
                "### loom @ 89abcdef",
                "Another.",
                "",
                "## module futures",
                "errors: along the chain,",
                "  on two lines.",
                "cost: [benchmarks](benchmarks.md)",
                ""));

        assertThat(notes.intros()).containsEntry("pay", "The payment.\nTwo lines.");
        assertThat(notes.byTopic().get("pay")).containsOnlyKeys("futures", "loom");
        assertThat(notes.byTopic().get("pay").get("futures")).isEqualTo(new Notes.Note("0123abcd", "A note."));
        assertThat(notes.byTopic().get("pay").get("loom").text()).isEqualTo("Another.");
        assertThat(notes.byModule().get("futures"))
                .containsEntry("errors", "along the chain, on two lines.")
                .containsEntry("cost", "[benchmarks](benchmarks.md)");
    }

    @Test
    void aHeadingItDoesNotKnowIsAnError() {
        assertThatThrownBy(() -> Notes.parse(List.of("## step pay", "### futures without a fingerprint", "text")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unexpected heading '### futures without a fingerprint'");
    }
}
