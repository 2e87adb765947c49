package io.samsa.bench.workload;

import io.samsa.bench.broker.Launchers;
import io.samsa.bench.report.Measurement;
import io.samsa.bench.report.Round;
import java.util.List;

/**
 * One workload of issue 4 (W1–W6) or issue 9 (W7, leader failover), run on one kind of broker at a time. An
 * implementation starts the broker processes it needs (fresh ones, so peak RSS is the workload's own), runs its
 * measured part once per round of the run on those same processes ({@link Rounds}), stops them before returning,
 * and uses the same settings and record counts whatever the broker.
 */
public interface Workload {

    /** {@code W1}…{@code W8} or {@code FAILOVER}: selects the targets and the {@code --workloads} name. */
    String id();

    /** The parts it reports, one report row group each, in order. */
    List<String> labels();

    /** The rounds it reports: the run's (cold, or cold then warm) unless it measures only once. */
    default List<Round> rounds(BenchContext ctx) {
        return ctx.rounds();
    }

    /**
     * Runs on brokers from {@code launchers}. A part that fails comes back as a failed {@link Measurement}; an
     * exception means every part failed in every round.
     */
    List<Measurement> run(BenchContext ctx, Launchers launchers) throws Exception;
}
