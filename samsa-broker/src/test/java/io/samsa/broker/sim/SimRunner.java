package io.samsa.broker.sim;

import io.samsa.metadata.controller.LeaderElection;
import java.util.EnumMap;
import java.util.Map;

/** Runs a range of seeds without a bug and sums them up; the first failure ends the run. */
final class SimRunner {
    private SimRunner() {
    }

    /** What a range of seeds did. */
    record Summary(long seeds, long events, long simulatedMs, long acknowledged, long faults,
                   Map<LeaderElection.Kind, Integer> leaderChanges, long wallMs) {
        @Override
        public String toString() {
            return seeds + " seeds, " + events + " events, " + simulatedMs / 1000 + " simulated s, " + faults
                    + " faults, leader changes " + leaderChanges + ", " + acknowledged
                    + " acknowledged records checked, in " + wallMs + " ms";
        }
    }

    static Summary runSeeds(long firstSeed, int seeds, int steps) {
        long start = System.nanoTime();
        long events = 0;
        long simulated = 0;
        long acked = 0;
        long faults = 0;
        Map<LeaderElection.Kind, Integer> elections = new EnumMap<>(LeaderElection.Kind.class);
        for (long seed = firstSeed; seed < firstSeed + seeds; seed++) {
            Simulation.Outcome o = new Simulation(seed, SimBug.NONE, SimConfig.defaults(), null)
                    .run(steps);
            events += o.steps();
            simulated += o.simulatedMs();
            acked += o.acknowledged();
            faults += o.faults();
            o.elections().forEach((k, n) -> elections.merge(k, n, Integer::sum));
        }
        return new Summary(seeds, events, simulated, acked, faults, elections, (System.nanoTime() - start) / 1_000_000);
    }
}
