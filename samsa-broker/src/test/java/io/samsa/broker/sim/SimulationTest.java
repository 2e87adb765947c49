package io.samsa.broker.sim;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The short form of the simulation, run by every build: {@code sim.seeds} seeds (default 3,000) of {@code sim.steps}
 * events with faults (default 300), each followed by 200 events of healing ({@link Simulation#SETTLE_STEPS}). {@code -Dsim.seed=N} runs only seed N
 * and prints every step: a failing seed replays exactly. {@code -Dsim.firstSeed} moves the seed range.
 */
class SimulationTest {

    @Test
    void replicationKeepsItsInvariantsUnderFaults() {
        String one = System.getProperty("sim.seed");
        if (one != null) {
            Simulation.Outcome o = new Simulation(Long.parseLong(one), SimBug.NONE, SimConfig.defaults(), System.out)
                    .run(Integer.getInteger("sim.steps", 300));
            System.out.println(o);
            return;
        }
        SimRunner.Summary s = SimRunner.runSeeds(Long.getLong("sim.firstSeed", 0L), Integer.getInteger("sim.seeds",
                3_000), Integer.getInteger("sim.steps", 300));
        System.out.println("Simulation, short form: " + s);
        assertThat(s.acknowledged()).as("the producer got acknowledgements").isPositive();
    }
}
