package dev.asyncrosetta.app;

import dev.asyncrosetta.model.CheckoutTracing;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A checkout's spans as an indented tree, children under their parent in the order they started: the
 * trace a collector would show, in the terminal.
 *
 * <pre>
 * trace 4bf92f3577b34da6a3ce929d0e0e4736
 * checkout                    312 ms
 *   fetch user                 41 ms
 *     GET /users/{id}          40 ms  200
 * </pre>
 */
final class SpanTree {
    private SpanTree() {}

    static String render(List<SpanData> spans) {
        if (spans.isEmpty()) return "no spans (the style is not traced)\n";
        StringBuilder text = new StringBuilder("trace ").append(spans.get(0).getTraceId()).append('\n');
        List<String> ids = spans.stream().map(SpanData::getSpanId).toList();
        for (SpanData root : spans) {
            if (!ids.contains(root.getParentSpanId())) draw(root, spans, 0, text);
        }
        return text.toString();
    }

    private static void draw(SpanData span, List<SpanData> spans, int depth, StringBuilder text) {
        String name = "  ".repeat(depth) + span.getName();
        text.append(String.format(Locale.ROOT, "%-32s %7.1f ms%s%n", name,
                (span.getEndEpochNanos() - span.getStartEpochNanos()) / 1e6, outcome(span)));
        List<SpanData> children = new ArrayList<>();
        for (SpanData child : spans) {
            if (child.getParentSpanId().equals(span.getSpanId())) children.add(child);
        }
        for (SpanData child : children) draw(child, spans, depth + 1, text);
    }

    private static String outcome(SpanData span) {
        Long status = span.getAttributes().get(CheckoutTracing.HTTP_STATUS);
        String error = span.getAttributes().get(CheckoutTracing.ERROR_TYPE);
        if (status != null) return "  " + status;
        if (span.getStatus().getStatusCode() == StatusCode.ERROR) return "  " + (error == null ? "error" : error);
        return "";
    }
}
