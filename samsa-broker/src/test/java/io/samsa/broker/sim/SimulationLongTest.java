package io.samsa.broker.sim;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The long form of the simulation, only with {@code -Psim} (which sets {@code sim.long=true}): {@code sim.long.seeds}
 * seeds (default 10,000, starting after the short form's range) of {@code sim.long.steps} events with faults
 * (default 2,000), each followed by 200 events of healing. A failure names the seed to replay with
 * {@code -Dsim.seed=N -Dsim.steps=<steps>}.
 */
@EnabledIfSystemProperty(named = "sim.long", matches = "true")
class SimulationLongTest {

    @Test
    void replicationKeepsItsInvariantsOverManyLongRuns() {
        SimRunner.Summary s = SimRunner.runSeeds(Long.getLong("sim.long.firstSeed", 1_000_000L),
                Integer.getInteger("sim.long.seeds", 10_000), Integer.getInteger("sim.long.steps", 2_000));
        System.out.println("Simulation, long form: " + s);
        assertThat(s.acknowledged()).isPositive();
    }
}
