package io.samsa.bench.workload;

import io.samsa.bench.broker.BrokerKind;
import io.samsa.bench.report.Measurement;
import io.samsa.bench.report.Round;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Runs a workload's measured part once per round of the run on the same broker processes: cold on the freshly
 * started brokers, then warm right after. The cold round is the one unmeasured run the warm figure follows.
 *
 * <p>Stateless.
 */
final class Rounds {
    private Rounds() {
    }

    /**
     * @param alive whether the workload's broker processes are all still running; a round after one that killed
     *              a broker is reported as failed instead of run
     */
    static List<Measurement> run(BenchContext ctx, Workload w, BrokerKind kind, BooleanSupplier alive,
                                 RoundBody body) {
        List<Measurement> out = new ArrayList<>();
        String lost = null;
        for (Round round : ctx.rounds()) {
            if (lost != null) {
                out.addAll(failed(w, round, kind, lost));
                continue;
            }
            if (ctx.rounds().size() > 1) {
                ctx.say("  " + kind.displayName() + ": " + round.label() + " round"
                        + (round == Round.COLD ? " (fresh processes)" : " (same processes, new topics)"));
            }
            try {
                if (round == Round.WARM) {
                    for (int i = 1; i <= ctx.warmUpRuns(); i++) {
                        ctx.say("  " + kind.displayName() + ": warm-up run " + i + " of " + ctx.warmUpRuns()
                                + " (not measured)");
                        body.measure(Round.WARM_UP); // its figures are dropped: it only runs the broker longer
                    }
                }
                out.addAll(body.measure(round));
            } catch (Exception e) {
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                out.addAll(failed(w, round, kind, e instanceof WorkloadException ? e.getMessage() : e.toString()));
            }
            if (!alive.getAsBoolean()) {
                lost = "a broker process exited during the " + round.label() + " round";
            }
        }
        return out;
    }

    static List<Measurement> failed(Workload w, Round round, BrokerKind kind, String why) {
        List<Measurement> out = new ArrayList<>();
        for (String label : w.labels()) {
            out.add(Measurement.failed(w.id(), label, round, kind, why));
        }
        return out;
    }
}
