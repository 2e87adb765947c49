package io.samsa.bench.report;

/**
 * Which run of a workload on one set of broker processes a measurement comes from.
 *
 * <ul>
 *   <li>{@link #COLD}: the first run on freshly started brokers. It mostly measures JIT compilation and the first
 *       touch of heap and page cache, much more for Kafka than for Samsa.</li>
 *   <li>{@link #WARM}: the same workload again on the same processes right after the cold run, on a new topic, so
 *       it writes fresh data on brokers whose hot paths are compiled, as a long-running broker's are. For the warm
 *       figure the cold run is the one unmeasured run before it.</li>
 *   <li>{@link #ONCE}: a measurement that has no cold and warm form (leader failover: it ends its cluster).</li>
 * </ul>
 */
public enum Round {
    COLD("cold", ""),
    WARM("warm", "-warm"),
    /** An unmeasured run between cold and warm ({@code --warm-up-runs}): more time for the JIT, as in a long run. */
    WARM_UP("warm-up", "-warmup"),
    ONCE("once", "");

    private final String label;
    private final String topicSuffix;

    Round(String label, String topicSuffix) {
        this.label = label;
        this.topicSuffix = topicSuffix;
    }

    public String label() {
        return label;
    }

    /** Appended to every topic and group name of the round, so a warm round never reads or appends cold data. */
    public String topicSuffix() {
        return topicSuffix;
    }
}
