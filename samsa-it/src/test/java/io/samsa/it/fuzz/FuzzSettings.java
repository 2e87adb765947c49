package io.samsa.it.fuzz;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How long and with which seeds the fuzzer runs, read from system properties:
 * <ul>
 *   <li>{@code fuzz.seed}: the one seed to run (default: {@link #FIXED_SEED}, then one random seed, printed);</li>
 *   <li>{@code fuzz.duration}: run rounds until this much time has passed, e.g. {@code 600s}, {@code 10m}, {@code 2h}
 *       (default: one round per seed, the short form);</li>
 *   <li>{@code fuzz.cases}: stop after this many cases;</li>
 *   <li>{@code fuzz.replay}: run only the case of this number (with {@code fuzz.seed}), and say what it sent;</li>
 *   <li>{@code fuzz.pipelineDepth}: the most requests a never-read pipeline writes;</li>
 *   <li>{@code fuzz.responseBoundMs}: how long the broker may take to answer or close (default 10,000).</li>
 * </ul>
 *
 * @param seeds          the runs, one seed each, in order
 * @param roundsPerSeed  rounds over every (API, version) pair per seed; a round is one case of every kind per pair
 * @param duration       no new round starts after this (a seed's first round always starts, whatever the time)
 * @param hardLimit      no new case starts after this, mid-round or not: the bound on a slow machine
 * @param maxCases       no new case starts after this many
 * @param replayCase     the one case to run, or -1
 * @param pipelineDepth  the most frames a pipeline case writes
 * @param responseBound  how long the broker may take to answer or close, beyond a request's own allowed wait
 */
record FuzzSettings(List<Long> seeds, int roundsPerSeed, Duration duration, Duration hardLimit, long maxCases,
                    long replayCase, int pipelineDepth, Duration responseBound) {
    /** The CI seed: fixed, so the short form sends the same bytes on every build. */
    static final long FIXED_SEED = 20_261_204L;
    /** Short form: the fixed seed's round and a random seed's round must finish well inside a minute. */
    private static final Duration SHORT_HARD_LIMIT = Duration.ofSeconds(50);
    /**
     * Requests a never-reading pipeline sends: deep enough that the broker must stop reading the connection (its
     * per-connection back-pressure, issue 8 point 1) rather than queue responses without limit.
     */
    private static final int DEFAULT_PIPELINE_DEPTH = 5_000;

    static FuzzSettings fromSystemProperties() {
        String seed = System.getProperty("fuzz.seed", "").trim();
        String duration = System.getProperty("fuzz.duration", "").trim();
        long maxCases = Long.getLong("fuzz.cases", Long.MAX_VALUE);
        long replay = Long.getLong("fuzz.replay", -1L);
        int depth = Integer.getInteger("fuzz.pipelineDepth", DEFAULT_PIPELINE_DEPTH);
        Duration bound = Duration.ofMillis(Long.getLong("fuzz.responseBoundMs", 10_000L));
        List<Long> seeds = seed.isEmpty()
                ? List.of(FIXED_SEED, ThreadLocalRandom.current().nextLong())
                : List.of(Long.parseLong(seed));
        if (duration.isEmpty()) {
            return new FuzzSettings(seeds, 1, Duration.ZERO, SHORT_HARD_LIMIT, maxCases, replay, depth, bound);
        }
        Duration d = parseDuration(duration);
        // A long run keeps one seed; rounds differ because each round derives its own seed from it.
        List<Long> one = seed.isEmpty() ? List.of(seeds.get(1)) : seeds;
        return new FuzzSettings(one, Integer.MAX_VALUE, d, d.plus(d.dividedBy(4)), maxCases, replay, depth, bound);
    }

    /** {@code 90}, {@code 90s}, {@code 15m} or {@code 2h}. */
    static Duration parseDuration(String text) {
        String t = text.toLowerCase(Locale.ROOT);
        char unit = t.charAt(t.length() - 1);
        if (Character.isDigit(unit)) {
            return Duration.ofSeconds(Long.parseLong(t));
        }
        long n = Long.parseLong(t.substring(0, t.length() - 1));
        return switch (unit) {
            case 's' -> Duration.ofSeconds(n);
            case 'm' -> Duration.ofMinutes(n);
            case 'h' -> Duration.ofHours(n);
            default -> throw new IllegalArgumentException("fuzz.duration: expected e.g. 600s, 10m or 2h, got " + text);
        };
    }

    boolean isReplay() {
        return replayCase >= 0;
    }
}
