package dev.asyncrosetta.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class TestToolsTest {
    private static final JavaSource CONTRACT = JavaSource.of(Path.of("demo/DemoContractTest.java"), List.of(
            "class DemoContractTest extends CheckoutContract {",
            "    DemoContractTest() { super(\"demo\"); }",
            "}"));
    private static final JavaSource OWN = JavaSource.of(Path.of("demo/DemoTest.java"), List.of(
            "import reactor.test.StepVerifier;",
            "class DemoTest {",
            "    @Test",
            "    void one() { StepVerifier.create(mono).verifyComplete(); }",
            "    @RepeatedTest(3)",
            "    void two() {}",
            "}"));
    private static final JavaSource HELPER = JavaSource.of(Path.of("demo/ScriptedShop.java"), List.of(
            "/** Not a test: no test methods. @Test in a comment does not count. */",
            "final class ScriptedShop {}"));

    @Test
    void namesTheLibrarysToolsAndCountsTheModulesOwnTests() {
        TestTools.Found found = TestTools.in(List.of(CONTRACT, OWN, HELPER));

        assertThat(found.tools()).containsExactly("StepVerifier");
        assertThat(found.plainJUnit()).isFalse();
        assertThat(found.ownTests()).isEqualTo(2);
        assertThat(found.ownTestClasses()).containsExactly(OWN);
        assertThat(TestTools.contractTestOf(found.contractTests(), "demo")).contains(CONTRACT);
        assertThat(TestTools.contractTestOf(found.contractTests(), "other")).isEmpty();
    }

    @Test
    void withoutALibrarysToolItIsPlainJUnit() {
        assertThat(TestTools.in(List.of(CONTRACT, HELPER)).plainJUnit()).isTrue();
    }
}
