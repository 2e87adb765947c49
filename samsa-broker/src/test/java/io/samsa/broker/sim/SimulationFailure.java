package io.samsa.broker.sim;

/** A broken invariant: the seed and step to replay, the event after which it broke, and what broke. */
public final class SimulationFailure extends AssertionError {
    private static final long serialVersionUID = 1L;

    private final long seed;

    public SimulationFailure(long seed, long step, String event, long timeMs, String what) {
        super("seed " + seed + ", step " + step + " (t=" + timeMs + " ms, after '" + event + "'): " + what
                + "\n  replay: -Dsim.seed=" + seed);
        this.seed = seed;
    }

    public long seed() {
        return seed;
    }
}
