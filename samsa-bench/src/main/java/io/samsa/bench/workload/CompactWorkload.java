package io.samsa.bench.workload;

import io.samsa.bench.broker.BrokerLauncher;
import io.samsa.bench.broker.BrokerNode;
import io.samsa.bench.broker.CleanerLog;
import io.samsa.bench.broker.Launchers;
import io.samsa.bench.broker.RunningBroker;
import io.samsa.bench.report.Measurement;
import io.samsa.bench.report.Metric;
import io.samsa.bench.report.Round;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * COMPACT: log compaction of a keyed data set ({@link KeyedDataSet}: 1 GiB, or 128 MiB quick, of 1 KiB values over
 * 100,000 keys) on a one-partition topic with {@code cleanup.policy=compact}, so one cleaner thread does all the
 * work. Per round, on a new topic:
 * <ol>
 *   <li>write the data set once ({@link KeyedWriter}, W1's producer settings);</li>
 *   <li>wait until the log is compacted ({@link CompactionWait}): the time from the last acknowledgement, and the
 *       segment bytes then;</li>
 *   <li>write the same keys once more, unmeasured, so the cleaner has a backlog, then at once a third time, timed:
 *       produce throughput while the cleaner runs, with the cleaner thread's CPU over that write to show how much
 *       the two overlapped;</li>
 *   <li>wait for compaction again and for the cleaner thread to go idle ({@link CleanerThreads#awaitIdle}), so
 *       the round's last pass is logged and the next round starts with an idle cleaner;</li>
 *   <li>as a control, write the same data once into a topic with {@code cleanup.policy=delete}, the cleaner
 *       idle;</li>
 *   <li>read the cleaner's summary lines for the partition from the broker's log ({@link CleanerLog}): MB read
 *       over seconds spent, over every pass of the round.</li>
 * </ol>
 * Both brokers get {@link #BROKER_CONFIGS} and the topic {@link #topicConfigs}.
 */
final class CompactWorkload implements Workload {
    static final String ID = "COMPACT";
    static final String NAME = "compact";
    static final int KEYS = 100_000;
    static final int VALUE_BYTES = 1024;
    /**
     * One cleaner thread (both brokers' default, written out), its default 128 MiB offset map, and a 1 s back-off
     * instead of 15 s, so an idle cleaner looks for dirty logs every second and the wait measures cleaning, not
     * sleeping.
     */
    static final Map<String, String> BROKER_CONFIGS = brokerConfigs();
    /**
     * {@code min.cleanable.dirty.ratio}. Not the default 0.5: with it, a dirty tail smaller than the cleaned part
     * before it (up to one copy of every key, about 100 MB) is never cleaned, and whether the data set ends up fully
     * compacted depends on where the cleaner's last pass during the write happened to stop. At 0.1 any one dirty
     * segment (16 MiB quick, 64 MiB full) is enough for a pass, on both brokers.
     */
    static final String MIN_CLEANABLE_DIRTY_RATIO = "0.1";
    /**
     * How long to look for the cleaner at work before the timed write: one short sample. Waiting longer would only
     * let a cleaner that keeps up finish the backlog, so that the timed write met an idle one.
     */
    static final long CLEANER_PROBE_MS = 100;

    private final String label = "COMPACT 1 KiB values over 100,000 keys, one partition";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public List<String> labels() {
        return List.of(label);
    }

    private static Map<String, String> brokerConfigs() {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("log.cleaner.threads", "1");
        c.put("log.cleaner.dedupe.buffer.size", Long.toString(128L << 20));
        c.put("log.cleaner.backoff.ms", "1000");
        return Collections.unmodifiableMap(c);
    }

    /** The topic's settings at the run's scale: the same on both brokers. */
    static Map<String, String> topicConfigs(Scale scale) {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("cleanup.policy", "compact");
        c.put("segment.bytes", Integer.toString(scale.compactSegmentBytes()));
        c.put("min.cleanable.dirty.ratio", MIN_CLEANABLE_DIRTY_RATIO);
        return c;
    }

    static KeyedDataSet dataSet(Scale scale) {
        return KeyedDataSet.of(scale.compactBytes(), KEYS, VALUE_BYTES,
                Integer.parseInt(ProduceMeasurement.w1ProducerProps().get("batch.size")));
    }

    @Override
    public List<Measurement> run(BenchContext ctx, Launchers launchers) throws Exception {
        BrokerLauncher launcher = launchers.broker().withBrokerConfigs(BROKER_CONFIGS);
        BrokerNode node = ctx.newNode(launcher, NAME);
        try (RunningBroker broker = ctx.start(launcher, node, NAME)) {
            return Rounds.run(ctx, this, launcher.kind(), broker::isAlive,
                    round -> List.of(measure(ctx, broker, NAME + round.topicSuffix(), round)));
        } finally {
            ctx.discard(node);
        }
    }

    private Measurement measure(BenchContext ctx, RunningBroker broker, String topic, Round round) throws Exception {
        KeyedDataSet data = dataSet(ctx.scale());
        long compactedBytes = data.compactedBytes();
        long timeoutMs = ctx.toolTimeoutMs(data.payloadBytes());
        String who = "  " + broker.kind().displayName() + ": ";
        Topics.createAndAwait(broker, topic, 1, topicConfigs(ctx.scale()), ctx.time(), Workloads.TOPIC_TIMEOUT_MS);
        Path dir = broker.node().logDir().resolve(topic + "-0");
        Map<Metric, Double> m = new EnumMap<>(Metric.class);

        ctx.say(who + "writing " + data.records() + " x " + VALUE_BYTES + " B over " + KEYS + " keys into " + topic);
        KeyedWriter.Pass load = KeyedWriter.write(broker.bootstrap(), topic, data, ctx.time(), timeoutMs);
        // The slower the first write, the more the cleaner did during it: its rate puts the compaction time in context.
        m.put(Metric.FIRST_WRITE_MB_PER_SEC, load.mbPerSec());
        ctx.say(who + String.format(Locale.ROOT, "first write %.1f MB/s; waiting for %s to compact to about %d MiB"
                + " plus its active segment", load.mbPerSec(), topic, compactedBytes / (1 << 20)));
        CompactionWait.Result first = CompactionWait.await(broker, dir, compactedBytes, load.endNanos(), ctx.time(),
                timeoutMs);
        if (!first.reached()) {
            return failed(ctx, broker, topic, round, m, "log not compacted " + Math.round(first.ms()) + " ms after"
                    + " the write: " + first.size().total() + " segment bytes, active " + first.size().active());
        }
        m.put(Metric.COMPACTION_MS, first.ms());
        m.put(Metric.COMPACTED_MB, first.size().total() / ProduceMeasurement.BYTES_PER_MB);

        writeWhileCleaning(ctx, broker, topic, data, round, m);
        settle(ctx, broker, dir, compactedBytes, round, timeoutMs);
        writeWithoutCleaning(ctx, broker, topic, data, m);
        List<CleanerLog.Pass> passes = cleanerPasses(broker, topic);
        if (passes.isEmpty()) {
            return failed(ctx, broker, topic, round, m, "no cleaner summary for " + topic + "-0 in "
                    + broker.log());
        }
        m.put(Metric.CLEANER_MB_PER_SEC, CleanerLog.mbPerSec(passes));
        m.put(Metric.PEAK_RSS_MB, ProduceMeasurement.peakRssMb(broker));
        ctx.say(who + passes.size() + " cleaner passes over " + topic + "-0");
        return Measurement.of(ID, label, round, broker.kind(), m);
    }

    /**
     * Produce throughput while the cleaner runs. The timed write should overlap cleaning from its start: an
     * unmeasured write first gives the cleaner a backlog (it starts once a segment of it rolls), and the timed one
     * follows at once. A cleaner that kept up with the first may be idle by then; the cleaner thread's CPU over the
     * timed write says how much the two overlapped either way.
     */
    private static void writeWhileCleaning(BenchContext ctx, RunningBroker broker, String topic, KeyedDataSet data,
                                           Round round, Map<Metric, Double> m) throws Exception {
        long timeoutMs = ctx.toolTimeoutMs(data.payloadBytes());
        String who = "  " + broker.kind().displayName() + ": ";
        ctx.say(who + "writing the same keys again, twice; the second write, timed, right after the first");
        KeyedWriter.Pass backlog = KeyedWriter.write(broker.bootstrap(), topic, data, ctx.time(), timeoutMs);
        ctx.say(who + String.format(Locale.ROOT, "unmeasured write %.1f MB/s", backlog.mbPerSec()));
        if (!CleanerThreads.awaitBusy(broker, ctx.time(), CLEANER_PROBE_MS)) {
            ctx.observe("COMPACT on " + broker.kind().displayName() + " (" + round.label() + "): the cleaner was"
                    + " idle when the timed write began (it had kept up with the unmeasured one)");
        }
        double cleanerCpuBefore = CleanerThreads.cpuSeconds(broker);
        KeyedWriter.Pass timed = KeyedWriter.write(broker.bootstrap(), topic, data, ctx.time(), timeoutMs);
        double cleanerCpu = CleanerThreads.cpuSeconds(broker) - cleanerCpuBefore;
        m.put(Metric.PRODUCE_WHILE_CLEANING_MB_PER_SEC, timed.mbPerSec());
        m.put(Metric.CLEANER_CPU_SHARE, 100 * cleanerCpu / timed.seconds());
    }

    /**
     * The control for {@link #writeWhileCleaning}: the same write, with the cleaner idle, into a topic that differs
     * only in {@code cleanup.policy=delete}. It runs after the timed write, so both meet a JIT-compiled broker
     * alike; what separates the two figures is the cleaner.
     */
    private static void writeWithoutCleaning(BenchContext ctx, RunningBroker broker, String topic,
                                             KeyedDataSet data, Map<Metric, Double> m) throws Exception {
        String control = topic + "-delete";
        Map<String, String> configs = new LinkedHashMap<>(topicConfigs(ctx.scale()));
        configs.put("cleanup.policy", "delete");
        Topics.createAndAwait(broker, control, 1, configs, ctx.time(), Workloads.TOPIC_TIMEOUT_MS);
        ctx.say("  " + broker.kind().displayName() + ": the same write into " + control + ", not compacted");
        KeyedWriter.Pass pass = KeyedWriter.write(broker.bootstrap(), control, data, ctx.time(),
                ctx.toolTimeoutMs(data.payloadBytes()));
        m.put(Metric.PRODUCE_NO_CLEANING_MB_PER_SEC, pass.mbPerSec());
    }

    /**
     * Waits for the log to be compacted again and the cleaner to go idle, so the round's last pass is logged and
     * the next round does not share the cleaner with this one.
     */
    private static void settle(BenchContext ctx, RunningBroker broker, Path dir, long compactedBytes, Round round,
                               long timeoutMs) throws IOException {
        CompactionWait.Result compacted = CompactionWait.await(broker, dir, compactedBytes, ctx.time().nanoseconds(),
                ctx.time(), timeoutMs);
        boolean idle = CleanerThreads.awaitIdle(broker, ctx.time(), timeoutMs);
        if (!compacted.reached() || !idle) {
            ctx.observe("COMPACT on " + broker.kind().displayName() + " (" + round.label() + "): after the timed"
                    + " write the log was " + (compacted.reached() ? "compacted but the cleaner still busy"
                    : "not compacted") + " after " + timeoutMs + " ms; the next round may share the cleaner with it");
        }
    }

    private Measurement failed(BenchContext ctx, RunningBroker broker, String topic, Round round,
                               Map<Metric, Double> measured, String why) throws IOException {
        List<CleanerLog.Pass> passes = cleanerPasses(broker, topic);
        if (!passes.isEmpty()) {
            measured.put(Metric.CLEANER_MB_PER_SEC, CleanerLog.mbPerSec(passes));
        }
        ctx.say("  " + broker.kind().displayName() + ": " + why);
        return new Measurement(ID, label, round, broker.kind(), measured, why);
    }

    /**
     * The round's passes: its topic is new, so every summary naming its partition is this round's. Read as
     * ISO-8859-1, which accepts any byte; the summaries are ASCII.
     */
    private static List<CleanerLog.Pass> cleanerPasses(RunningBroker broker, String topic) throws IOException {
        return CleanerLog.passes(Files.readString(broker.log(), StandardCharsets.ISO_8859_1), topic + "-0");
    }
}
