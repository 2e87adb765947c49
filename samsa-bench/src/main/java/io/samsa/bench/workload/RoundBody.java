package io.samsa.bench.workload;

import io.samsa.bench.report.Measurement;
import io.samsa.bench.report.Round;
import java.util.List;

/** The measured part of a workload, run on broker processes that are already up, once per {@link Round}. */
@FunctionalInterface
interface RoundBody {

    /**
     * Measures once. Every topic and group it uses carries {@link Round#topicSuffix}, so each round writes and
     * reads data of its own.
     */
    List<Measurement> measure(Round round) throws Exception;
}
