package io.samsa.broker.sim;

import io.samsa.metadata.PartitionState;
import io.samsa.metadata.Versioned;
import io.samsa.replication.Partition;
import io.samsa.storage.Log;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.Record;
import org.apache.kafka.common.record.RecordBatch;

/**
 * The safety properties of replication, checked after every event of a run:
 * <ol>
 *   <li>every acknowledged acks=all record is, at its offset and with its value, in the log of the partition's
 *       current leader (per ZooKeeper) and of every current ISR member: never lost, never moved;</li>
 *   <li>a leader's high watermark never goes back within its epoch, and what any replica holds below its high
 *       watermark never changes and is never truncated (the committed prefix is one sequence, the same everywhere
 *       and forever);</li>
 *   <li>hence the logs of any two replicas agree below the smaller of their high watermarks (checked directly at
 *       the end of a run);</li>
 *   <li>there is at most one leader per leader epoch, over the whole run, counting both what ZooKeeper names and
 *       which broker acts as leader.</li>
 * </ol>
 * Each replica's prefix is checked once, as its high watermark moves, against one map of committed offsets, so a
 * step costs what changed rather than the whole log. A violation throws {@link SimulationFailure} naming the seed,
 * the step, the event and what broke.
 *
 * <p>Single-threaded.
 */
public final class Invariants {
    private final long seed;
    private final List<SimBroker> brokers;
    private final SimMetadataStore store;
    /** Offset to value of every record below some replica's high watermark, as first seen. */
    private final TreeMap<Long, String> committed = new TreeMap<>();
    private final TreeMap<Long, String> acknowledged = new TreeMap<>();
    /** Per broker, the offset below which its log was checked against {@link #committed}. */
    private final Map<Integer, Long> checkedTo = new HashMap<>();
    private final Map<Integer, Integer> leaderOfEpoch = new HashMap<>();
    /** Per broker: the leader epoch and high watermark it had as leader at the last check. */
    private final Map<Integer, long[]> leaderHw = new HashMap<>();
    /** Per broker: log end, checked offset and last acknowledged offset when {@link #checkAcknowledgedOn} passed. */
    private final Map<Integer, long[]> lastAckCheck = new HashMap<>();
    private long step;
    private String event = "";
    private long timeMs;

    public Invariants(long seed, List<SimBroker> brokers, SimMetadataStore store) {
        this.seed = seed;
        this.brokers = brokers;
        this.store = store;
    }

    public int acknowledgedCount() {
        return acknowledged.size();
    }

    public int committedCount() {
        return committed.size();
    }

    /** The leader acknowledged {@code records}, whose first offset is {@code firstOffset}. */
    void acknowledged(int leader, long firstOffset, MemoryRecords records) {
        long offset = firstOffset;
        for (String value : SimProducer.values(records)) {
            String before = acknowledged.putIfAbsent(offset, value);
            if (before != null && !before.equals(value)) {
                fail("broker " + leader + " acknowledged " + value + " at offset " + offset + ", where " + before
                        + " was acknowledged before");
            }
            offset++;
        }
    }

    /** Checks every invariant after event {@code event}, step {@code step}, at {@code timeMs}. */
    void check(long step, String event, long timeMs) {
        this.step = step;
        this.event = event;
        this.timeMs = timeMs;
        for (SimBroker b : brokers) {
            Partition p = b.partition();
            if (p != null) {
                checkPrefix(b.id(), p);
                checkLeader(b.id(), p);
            }
        }
        Optional<Versioned<PartitionState>> state = store.state();
        if (state.isEmpty()) {
            return;
        }
        PartitionState s = state.get().value();
        if (s.hasLeader()) {
            claimEpoch(s.leaderEpoch(), s.leader(), "ZooKeeper names");
        }
        for (Map.Entry<Long, String> a : acknowledged.entrySet()) {
            String c = committed.get(a.getKey());
            if (c == null || !c.equals(a.getValue())) {
                fail("acknowledged " + a.getValue() + " at offset " + a.getKey() + " but committed there: " + c);
            }
        }
        if (s.hasLeader()) {
            checkAcknowledgedOn(s.leader(), "the leader in epoch " + s.leaderEpoch());
        }
        for (int member : s.isr()) {
            if (member != s.leader()) {
                checkAcknowledgedOn(member, "an ISR member " + s.isr());
            }
        }
    }

    /** Invariant 2: what a replica holds below its high watermark is the one committed sequence. */
    private void checkPrefix(int id, Partition p) {
        long hw = p.highWatermark();
        long leo = p.logEndOffset();
        long from = checkedTo.getOrDefault(id, 0L);
        if (hw > leo) {
            fail("broker " + id + " has high watermark " + hw + " beyond its log end " + leo);
        }
        if (leo < from) {
            // Truncation is only ever of records no leader committed: below its high watermark a replica holds
            // committed records, which every later leader has too.
            fail("broker " + id + " truncated its log to " + leo + ", below offset " + from
                    + " that it held under its high watermark");
        }
        if (hw > from) {
            for (Map.Entry<Long, String> r : read(p.log(), from, hw).entrySet()) {
                String before = committed.putIfAbsent(r.getKey(), r.getValue());
                if (before != null && !before.equals(r.getValue())) {
                    fail("broker " + id + " has " + r.getValue() + " at offset " + r.getKey()
                            + " below its high watermark " + hw + ", but " + before + " was committed there");
                }
            }
            from = hw;
        }
        checkedTo.put(id, from);
    }

    /** Invariants 2 (a leader's high watermark) and 4 (one leader per epoch). */
    private void checkLeader(int id, Partition p) {
        if (!p.isLeader()) {
            leaderHw.remove(id);
            return;
        }
        int epoch = p.leaderEpoch();
        claimEpoch(epoch, id, "broker " + id + " acts as leader");
        long hw = p.highWatermark();
        long[] before = leaderHw.get(id);
        if (before != null && before[0] == epoch && hw < before[1]) {
            fail("the high watermark of leader " + id + " went back from " + before[1] + " to " + hw + " in epoch "
                    + epoch);
        }
        leaderHw.put(id, new long[] {epoch, hw});
    }

    private void claimEpoch(int epoch, int leader, String who) {
        Integer before = leaderOfEpoch.putIfAbsent(epoch, leader);
        if (before != null && before != leader) {
            fail("two leaders in epoch " + epoch + ": broker " + before + ", and now " + who + " broker " + leader);
        }
    }

    /** Invariant 1: every acknowledged record is in {@code id}'s log, if it runs. */
    private void checkAcknowledgedOn(int id, String role) {
        if (acknowledged.isEmpty()) {
            return;
        }
        SimBroker b = brokers.stream().filter(x -> x.id() == id).findFirst().orElse(null);
        Partition p = b == null ? null : b.partition();
        if (p == null) {
            return;
        }
        long from = checkedTo.getOrDefault(id, 0L);
        NavigableMap<Long, String> unchecked = acknowledged.tailMap(from, true);
        if (unchecked.isEmpty()) {
            return;
        }
        long last = unchecked.lastKey();
        long[] key = {p.logEndOffset(), from, last};
        if (Arrays.equals(key, lastAckCheck.get(id))) {
            return; // nothing changed since this log passed the same check (a log changes by one event at a time)
        }
        if (p.logEndOffset() <= last) {
            fail("broker " + id + ", " + role + ", lacks acknowledged " + acknowledged.get(last) + " at offset " + last
                    + ": its log ends at " + p.logEndOffset());
        }
        TreeMap<Long, String> held = read(p.log(), from, last + 1);
        for (Map.Entry<Long, String> a : unchecked.entrySet()) {
            String h = held.get(a.getKey());
            if (!a.getValue().equals(h)) {
                fail("broker " + id + ", " + role + ", has " + h + " at offset " + a.getKey() + " where "
                        + a.getValue() + " was acknowledged");
            }
        }
        lastAckCheck.put(id, key);
    }

    /**
     * Liveness after healing (the end of a run): ZooKeeper names a leader, and that broker runs and leads in
     * ZooKeeper's epoch. Not one of the four safety properties, but a cluster that can never serve again would pass
     * them all.
     */
    void checkSettled() {
        PartitionState s = store.state().orElseThrow().value();
        if (!s.hasLeader()) {
            fail("no leader after healing: " + store.describe());
        }
        Partition p = brokers.get(s.leader() - 1).partition();
        if (p == null || !p.isLeader() || p.leaderEpoch() != s.leaderEpoch()) {
            fail("broker " + s.leader() + " does not lead in epoch " + s.leaderEpoch() + " after healing: " + p
                    + "; " + store.describe());
        }
    }

    /** Invariant 3 over whole logs, at the end of a run: any two replicas agree below their smaller watermark. */
    void checkNoDivergence() {
        for (SimBroker a : brokers) {
            for (SimBroker b : brokers) {
                if (a.id() < b.id() && a.partition() != null && b.partition() != null) {
                    long upTo = Math.min(a.partition().highWatermark(), b.partition().highWatermark());
                    TreeMap<Long, String> ra = read(a.partition().log(), 0, upTo);
                    TreeMap<Long, String> rb = read(b.partition().log(), 0, upTo);
                    if (!ra.equals(rb)) {
                        fail("brokers " + a.id() + " and " + b.id() + " diverge below offset " + upTo + ": "
                                + firstDifference(ra, rb));
                    }
                }
            }
        }
    }

    private static String firstDifference(TreeMap<Long, String> a, TreeMap<Long, String> b) {
        for (long o = 0; ; o++) {
            if (!Objects.equals(a.get(o), b.get(o))) {
                return "offset " + o + ": " + a.get(o) + " vs " + b.get(o);
            }
        }
    }

    /** The records of {@code log} in [from, to), offset to value. */
    static TreeMap<Long, String> read(Log log, long from, long to) {
        TreeMap<Long, String> out = new TreeMap<>();
        long start = Math.max(from, log.logStartOffset());
        if (start >= Math.min(to, log.logEndOffset())) {
            return out;
        }
        for (RecordBatch batch : log.read(start, Integer.MAX_VALUE, Long.MAX_VALUE, true).records().batches()) {
            if (batch.baseOffset() >= to) {
                break;
            }
            for (Record r : batch) {
                if (r.offset() >= from && r.offset() < to) {
                    out.put(r.offset(), SimProducer.value(r));
                }
            }
        }
        return out;
    }

    private void fail(String what) {
        throw new SimulationFailure(seed, step, event, timeMs, what);
    }
}
