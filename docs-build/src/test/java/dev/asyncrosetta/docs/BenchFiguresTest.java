package dev.asyncrosetta.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchFiguresTest {
    private static final String HEADER = "workload,style,mode,checkouts_per_s,client_cpu_us_per_checkout,peak_threads,heap_mb,failures\n";

    @TempDir
    Path root;

    @Test
    void quotedCellsKeepTheirCommasQuotesAndLineBreaks() {
        assertThat(BenchFigures.records("a,\"b, c\",\"say \"\"hi\"\"\",\"two\nlines\"\nnext,row\n"))
                .containsExactly(List.of("a", "b, c", "say \"hi\"", "two\nlines"), List.of("next", "row"));
    }

    @Test
    void aStyleWithEveryWorkloadGetsItsSentence() throws IOException {
        write(HEADER
                + "W1,vertx,\"closed loop, 1000 in flight\",2459.2,345.1,18,11.3,\n"
                + "W2,vertx,\"closed loop, 64 in flight\",3067.0,300.6,18,2.0,\n"
                + "W3,vertx,\"closed loop, 10000 in flight\",551.0,797.0,18,64.9,\"1 x Timeout, e.g. a, b\nand more\"\n");

        assertThat(BenchFigures.read(root).summary("vertx")).contains(
                "W2 301 µs of client CPU per checkout, W1 2,459 checkouts/s, W3 18 platform threads and 65 MB of heap with 10000 in flight");
    }

    @Test
    void aStyleMissingAWorkloadOrAMissingFileGetsNothing() throws IOException {
        assertThat(BenchFigures.read(root).summary("vertx")).isEmpty();

        write(HEADER + "W1,reactor,\"closed loop, 1000 in flight\",2101,492,18,22,\n");

        assertThat(BenchFigures.read(root).summary("reactor")).isEmpty();
    }

    @Test
    void withoutW1TheThroughputIsTheMedianCapacityOfTheSearches() throws IOException {
        write(HEADER
                + "W2,vertx,\"closed loop, 64 in flight\",3067.0,300.6,18,2.0,\n"
                + "W3,vertx,\"closed loop, 10000 in flight\",551.0,797.0,18,64.9,\n");
        Files.writeString(root.resolve(BenchFigures.CAPACITY), "style,search,offered_per_s,sustained\n"
                + "vertx,1,800,true\nvertx,1,1600,false\nvertx,1,1200,true\n"
                + "vertx,2,800,true\nvertx,2,1600,false\nvertx,2,1200,false\n"
                + "vertx,3,800,true\nvertx,3,1600,false\nvertx,3,1200,true\nvertx,3,1400,false\n"
                + "blocking,1,200,false\n");

        BenchFigures figures = BenchFigures.read(root);

        assertThat(figures.summary("vertx")).contains("W2 301 µs of client CPU per checkout, 1,200 checkouts/s within the"
                + " latency target, W3 18 platform threads and 65 MB of heap with 10000 in flight");
        assertThat(figures.summary("blocking")).isEmpty();
    }

    private void write(String csv) throws IOException {
        Files.createDirectories(root.resolve(BenchFigures.RESULTS).getParent());
        Files.writeString(root.resolve(BenchFigures.RESULTS), csv);
    }
}
