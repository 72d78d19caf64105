package dev.asyncrosetta.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MarkersTest {
    private final List<String> problems = new ArrayList<>();

    private Map<String, List<Snippet>> scan(String... lines) {
        return Markers.scan(List.of(JavaSource.of(Path.of("demo/Demo.java"), List.of(lines))), problems);
    }

    @Test
    void aRegionIsTheLinesBetweenItsMarkersDedented() {
        Map<String, List<Snippet>> regions = scan(
                "class Demo {",
                "    // side-by-side: begin pay",
                "    void pay() {",
                "        charge();",
                "    }",
                "    // side-by-side: end pay",
                "}");

        assertThat(problems).isEmpty();
        Snippet pay = regions.get("pay").get(0);
        assertThat(pay.firstLine()).isEqualTo(3);
        assertThat(pay.lastLine()).isEqualTo(5);
        assertThat(pay.dedented()).containsExactly("void pay() {", "    charge();", "}");
    }

    @Test
    void regionsNestAndOverlapWithoutShowingEachOthersMarkers() {
        Map<String, List<Snippet>> regions = scan(
                "// side-by-side: begin retries",
                "call()",
                "    // side-by-side: begin timeout",
                "    .timeout(d)",
                "    // side-by-side: end timeout",
                "    .retry();",
                "// side-by-side: end retries");

        assertThat(problems).isEmpty();
        assertThat(regions.get("retries").get(0).lines()).containsExactly("call()", "    .timeout(d)", "    .retry();");
        assertThat(regions.get("retries").get(0).lastLine()).isEqualTo(6);
        assertThat(regions.get("timeout").get(0).lines()).containsExactly("    .timeout(d)");
    }

    @Test
    void aRegionMarkedTwiceHasTwoPartsInFileOrder() {
        Map<String, List<Snippet>> regions = scan(
                "// side-by-side: begin cancellation",
                "void start() {}",
                "// side-by-side: end cancellation",
                "void other() {}",
                "// side-by-side: begin cancellation",
                "void abort() {}",
                "// side-by-side: end cancellation");

        assertThat(problems).isEmpty();
        assertThat(regions.get("cancellation")).extracting(Snippet::firstLine).containsExactly(2, 6);
    }

    @Test
    void aBeginWithoutItsEndIsAProblem() {
        scan("// side-by-side: begin pay", "void pay() {}");

        assertThat(problems).singleElement().asString().contains("demo/Demo.java:1", "'pay' begins but never ends");
    }

    @Test
    void anEndWithoutItsBeginIsAProblem() {
        scan("void pay() {}", "// side-by-side: end pay");

        assertThat(problems).singleElement().asString().contains("demo/Demo.java:2", "end of region 'pay' without its begin");
    }

    @Test
    void aRegionBegunTwiceBeforeItsEndIsAProblem() {
        scan("// side-by-side: begin pay", "// side-by-side: begin pay", "x();", "// side-by-side: end pay");

        assertThat(problems).singleElement().asString().contains("begins again before its end");
    }

    @Test
    void aMalformedMarkerOrAnUnknownRegionIsAProblemNotSilence() {
        scan("// side-by-side begin pay", "x();", "// side-by-side: begin payment", "y();", "// side-by-side: end payment");

        assertThat(problems).hasSize(3);
        assertThat(problems.get(0)).contains("malformed marker");
        assertThat(problems.get(1)).contains("unknown region 'payment'");
    }

    @Test
    void anEmptyRegionIsAProblem() {
        scan("// side-by-side: begin pay", "", "// side-by-side: end pay");

        assertThat(problems).singleElement().asString().contains("region is empty");
    }
}
