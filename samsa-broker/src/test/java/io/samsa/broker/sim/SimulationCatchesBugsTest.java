package io.samsa.broker.sim;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The simulation has teeth: with a deliberate bug switched on, the invariants fail within the short form's seed
 * range, and the failure names the seed, the step and what broke; replaying that seed fails at the same step.
 */
class SimulationCatchesBugsTest {
    private static final int SEEDS = 300;

    @ParameterizedTest
    @EnumSource(value = SimBug.class, names = {"ELECT_OUT_OF_ISR", "ACK_ON_APPEND", "IGNORE_DIVERGENCE"})
    void aBugIsCaught(SimBug bug) {
        Throwable first = null;
        long seed = 0;
        for (; seed < SEEDS && first == null; seed++) {
            first = failure(seed, bug);
        }
        assertThat(first).as("%s caught within %d seeds", bug, SEEDS).isNotNull();
        System.out.println(bug + " caught at seed " + (seed - 1) + ": " + first.getMessage().lines().findFirst()
                .orElse(""));
        assertThat(first.getMessage()).contains("seed " + (seed - 1) + ", step ");
        // A failing seed replays exactly: same step, same message.
        Throwable again = failure(seed - 1, bug);
        assertThat(again).isNotNull();
        assertThat(again.getMessage().lines().findFirst()).isEqualTo(first.getMessage().lines().findFirst());
    }

    private static Throwable failure(long seed, SimBug bug) {
        try {
            new Simulation(seed, bug, SimConfig.defaults(), null).run(300);
            return null;
        } catch (AssertionError e) {
            return e;
        }
    }
}
