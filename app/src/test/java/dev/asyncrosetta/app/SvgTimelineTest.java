package dev.asyncrosetta.app;

import static dev.asyncrosetta.app.Calls.client;
import static dev.asyncrosetta.app.Calls.shop;
import static dev.asyncrosetta.app.Calls.timeline;
import static org.assertj.core.api.Assertions.assertThat;

import dev.asyncrosetta.backend.Call.Ending;
import dev.asyncrosetta.backend.Route;
import dev.asyncrosetta.model.Step;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

class SvgTimelineTest {

    @Test
    void isWellFormedSvgWithABandPerTimelineAndAGroupPerCall() throws Exception {
        List<TracedCall> calls = List.of(
                TracedCall.of(client(Step.USER, "/users/u-1", "main", "http-1", 0, 20, "200"),
                        shop(1, Route.USER, "u-1", 5, 15, Ending.ANSWERED, 200)),
                TracedCall.of(client(Step.DETAILS, "/orders/o-1/details", "http-1", "http-2", 20, 60, "TIMEOUT"),
                        shop(2, Route.DETAILS, "o-1", 25, 60, Ending.ABORTED_BY_CLIENT, 0)));
        String svg = SvgTimeline.render(List.of(timeline("a<b & \"c\"", 60, calls), timeline("second", 30, calls.subList(0, 1))));

        Document document = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
        assertThat(document.getDocumentElement().getTagName()).isEqualTo("svg");
        assertThat(document.getDocumentElement().getAttribute("xmlns")).isEqualTo("http://www.w3.org/2000/svg");
        assertThat(document.getElementsByTagName("g").getLength()).isEqualTo(3);
        assertThat(document.getDocumentElement().getTextContent()).contains("a<b & \"c\"", "second", "x aborted",
                "started on http-1, answer handled on http-2");
    }

    @Test
    void ticksAreRoundSteps() {
        assertThat(SvgTimeline.tickMillis(100)).isEqualTo(20);
        assertThat(SvgTimeline.tickMillis(160)).isEqualTo(20);
        assertThat(SvgTimeline.tickMillis(7663)).isEqualTo(1000);
        assertThat(SvgTimeline.tickMillis(3)).isEqualTo(0.5);
    }
}
