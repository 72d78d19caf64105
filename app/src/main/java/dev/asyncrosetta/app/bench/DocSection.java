package dev.asyncrosetta.app.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The part of a markdown document that a bench run rewrites: everything between two marker lines. */
final class DocSection {
    static final String BEGIN = "<!-- rosetta bench: begin -->";
    static final String END = "<!-- rosetta bench: end -->";

    private DocSection() {}

    static boolean hasMarkers(Path doc) {
        return hasMarkers(doc, BEGIN, END);
    }

    static boolean hasMarkers(Path doc, String beginMarker, String endMarker) {
        try {
            String text = Files.readString(doc);
            int begin = text.indexOf(beginMarker);
            return begin >= 0 && text.indexOf(endMarker, begin) > begin;
        } catch (IOException e) {
            return false;
        }
    }

    static void replace(Path doc, String section) throws IOException {
        replace(doc, BEGIN, END, section);
    }

    static void replace(Path doc, String beginMarker, String endMarker, String section) throws IOException {
        String text = Files.readString(doc);
        int begin = text.indexOf(beginMarker) + beginMarker.length();
        int end = text.indexOf(endMarker, begin);
        Files.writeString(doc, text.substring(0, begin) + "\n" + section.strip() + "\n" + text.substring(end));
    }
}
