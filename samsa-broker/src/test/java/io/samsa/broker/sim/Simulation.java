package io.samsa.broker.sim;

import io.samsa.metadata.PartitionState;
import io.samsa.metadata.ReplicaAssignment;
import io.samsa.metadata.controller.LeaderElection;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.IntFunction;
import java.util.stream.Stream;
import org.apache.kafka.common.utils.MockTime;

/**
 * One seeded run: three brokers, ZooKeeper with its controller, a producer and the fault injector, all driven by
 * one {@link Random} through one {@link SimEventQueue}. {@link #run} executes {@code steps} events with faults,
 * then heals everything and runs {@code settleSteps} more without faults, checking {@link Invariants} after every
 * event, and finally compares whole logs. The same seed gives the same run, event for event.
 *
 * <p>With a {@code log} stream every step is printed (the replay form); otherwise the last lines are kept and
 * attached to a failure.
 */
public final class Simulation {
    private static final int TRACE_LINES = 60;
    private static final long START_MS = 1_000_000L;
    /** Events after the faults stop; the same in every form, so that any seed replays with only its step count. */
    public static final int SETTLE_STEPS = 200;

    /** What a run did, for the runners' summaries. */
    public record Outcome(long seed, long steps, long simulatedMs, int acknowledged, int committed, int faults,
                          Map<LeaderElection.Kind, Integer> elections, String producer) {
    }

    private final long seed;
    private final SimBug bug;
    private final SimConfig config;
    private final PrintStream log;
    private final ArrayDeque<String> recent = new ArrayDeque<>();
    private SimEventQueue events;

    public Simulation(long seed, SimBug bug, SimConfig config, PrintStream log) {
        this.seed = seed;
        this.bug = bug;
        this.config = config;
        this.log = log;
    }

    /**
     * Runs the seed: {@code steps} events with faults, then {@link #SETTLE_STEPS} without. Throws
     * {@link SimulationFailure} (with the last events attached) if an invariant breaks.
     */
    public Outcome run(int steps) {
        int settleSteps = SETTLE_STEPS;
        Path dir = tempDir();
        List<SimBroker> brokers = new ArrayList<>();
        try {
            Random random = new Random(seed);
            events = new SimEventQueue(new MockTime(0L, START_MS, 0L));
            SimNetwork network = new SimNetwork(events, random, config.lossRate(), config.maxNetDelayMs());
            SimMetadataStore store = new SimMetadataStore(ReplicaAssignment.of(List.of(1, 2, 3)));
            IntFunction<SimBroker> byId = i -> i >= 1 && i <= brokers.size() ? brokers.get(i - 1) : null;
            SimContext ctx = new SimContext(events, network, store, config, random, this::trace);
            for (int id = 1; id <= 3; id++) {
                brokers.add(new SimBroker(id, new File(dir.toFile(), "b" + id), ctx, byId, bug));
            }
            store.addListener(() -> {
                for (SimBroker b : brokers) {
                    network.sendReliably(SimNetwork.ZOOKEEPER, b.id(), "watch", b::applyMetadata);
                }
            });
            SimController controller = new SimController(store, events, random, config.minInsyncReplicas(), bug,
                    this::trace);
            Invariants invariants = new Invariants(seed, brokers, store);
            SimProducer producer = new SimProducer(events, network, store, random, byId, invariants);
            SimFaults faults = new SimFaults(ctx, brokers);

            brokers.forEach(b -> b.start(true));
            store.compareAndSet(new PartitionState(1, 0, List.of(1, 2, 3), 1), -1);
            faults.start();
            producer.start();
            long step = 0;
            for (; step < steps + settleSteps && events.runNext(); step++) {
                if (step == steps) {
                    trace("settling: faults stop, everything heals");
                    faults.quiesce();
                }
                if (log != null) {
                    log.println("step " + step + " t=" + events.now() + " " + events.lastLabel() + " | " + brokers
                            + " | zk " + store.describe());
                }
                invariants.check(step, events.lastLabel(), events.now());
            }
            invariants.checkNoDivergence();
            invariants.checkSettled();
            return new Outcome(seed, step, events.now() - START_MS, invariants.acknowledgedCount(),
                    invariants.committedCount(), faults.injected(),
                    controller.elections(), producer.summary());
        } catch (SimulationFailure f) {
            if (log == null) {
                AssertionError withTrace = new AssertionError(f.getMessage() + "\n  last events:\n    "
                        + String.join("\n    ", recent), f);
                throw withTrace;
            }
            throw f;
        } finally {
            brokers.forEach(SimBroker::closeForGood);
            delete(dir);
        }
    }

    private void trace(String line) {
        String l = "t=" + events.now() + " " + line;
        if (log != null) {
            log.println("  " + l);
        } else {
            recent.addLast(l);
            if (recent.size() > TRACE_LINES) {
                recent.removeFirst();
            }
        }
    }

    private Path tempDir() {
        try {
            Path shm = Paths.get("/dev/shm");
            // tmpfs when there is one: the logs fsync their checkpoints, which is slow on a disk.
            return Files.isDirectory(shm) && Files.isWritable(shm)
                    ? Files.createTempDirectory(shm, "samsa-sim-" + seed + "-")
                    : Files.createTempDirectory("samsa-sim-" + seed + "-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void delete(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
