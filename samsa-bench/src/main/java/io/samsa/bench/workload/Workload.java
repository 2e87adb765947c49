package io.samsa.bench.workload;

import io.samsa.bench.broker.BrokerLauncher;
import io.samsa.bench.report.Measurement;
import java.util.List;

/**
 * One workload of issue 4, run on one broker at a time. An implementation starts the broker processes it needs
 * (fresh ones, so peak RSS is the workload's own), stops them before returning, and uses the same settings and
 * record counts whatever the broker.
 */
public interface Workload {

    /** {@code W1}…{@code W6}: selects the targets and the {@code --workloads} name. */
    String id();

    /** The parts it reports, one report row group each, in order. */
    List<String> labels();

    /**
     * Runs on the launcher's broker. A part that fails comes back as a failed {@link Measurement}; an exception
     * means every part failed.
     */
    List<Measurement> run(BenchContext ctx, BrokerLauncher launcher) throws Exception;
}
