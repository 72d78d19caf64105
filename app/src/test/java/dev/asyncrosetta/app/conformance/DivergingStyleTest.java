package dev.asyncrosetta.app.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.asyncrosetta.backend.ShopBackend;
import dev.asyncrosetta.model.CheckoutStyle;
import java.util.List;
import net.jqwik.api.AfterFailureMode;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.lifecycle.PerProperty;
import net.jqwik.api.lifecycle.PropertyExecutionResult;
import net.jqwik.api.lifecycle.ShrunkFalsifiedSample;

/**
 * The differential property must be able to fail: the same property, on a real style and its
 * {@link MiscountingStyle} twin, is expected to fail, and jqwik to hand back a small case showing
 * the slip. The lifecycle hook below turns "failed with a small shrunk case" into a pass and
 * anything else (never caught, or caught but not shrunk) into a failure.
 */
class DivergingStyleTest {
    static final int TRIES = 100;

    private static ShopBackend shop;
    private static Differential differential;

    @BeforeContainer
    static void startShop() {
        shop = ShopBackend.start();
        CheckoutStyle real = CheckoutStyle.all().get(0);
        differential = new Differential(shop, List.of(real, new MiscountingStyle(real)));
        differential.warmUp();
    }

    @AfterContainer
    static void stopShop() {
        if (differential != null) differential.close();
        if (shop != null) shop.close();
    }

    // A fixed seed, no replay of an earlier failure and no time limit on shrinking, so each run shows
    // the whole hunt, the same way: found, then shrunk as far as it goes.
    @Property(tries = TRIES, seed = "8", afterFailure = AfterFailureMode.RANDOM_SEED, shrinking = ShrinkingMode.FULL)
    @PerProperty(CaughtAndShrunk.class)
    void aMiscountingTwinIsCaughtAndShrunk(@ForAll("cases") Case aCase) {
        differential.assertAllAgree(aCase);
    }

    @Provide
    Arbitrary<Case> cases() {
        return new CaseGenerator(shop.data()).cases();
    }

    static final class CaughtAndShrunk implements PerProperty.Lifecycle {
        @Override
        public void onSuccess() {
            throw new AssertionError("the miscounting twin agreed with its style on all " + TRIES + " cases: the property cannot tell them apart");
        }

        @Override
        public PropertyExecutionResult onFailure(PropertyExecutionResult result) {
            try {
                ShrunkFalsifiedSample shrunk = result.shrunkSample().orElseThrow(() -> new AssertionError("jqwik did not shrink"));
                Case smallest = (Case) shrunk.parameters().get(0);
                String why = shrunk.falsifyingError().map(Throwable::getMessage).orElse("");
                System.out.println("as it should be, the miscounting twin was caught after " + result.countTries() + " tries, shrunk in "
                        + shrunk.countShrinkingSteps() + " steps to: " + smallest + "\n" + why);
                assertThat(why).as("the failure names the twin").contains(Differential.OUT_OF_LINE + "[" + differential.styles().get(1).name() + "]");
                // The slip needs one call that runs out of attempts: one rule and two attempts are enough.
                assertThat(smallest.faults()).as("rules left after shrinking").hasSize(1);
                assertThat(smallest.policy().maxAttempts()).as("attempts left after shrinking").isEqualTo(2);
                return result.mapToSuccessful();
            } catch (AssertionError notShownWell) {
                return result.mapToFailed(notShownWell);
            }
        }
    }
}
