package io.samsa.broker.sim;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.IntFunction;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.Record;
import org.apache.kafka.common.record.RecordBatch;
import org.apache.kafka.common.record.SimpleRecord;

/**
 * A producer with acks=all: every few milliseconds it sends a batch of one to three records, each with a value
 * unique in the run, to the broker it believes leads (from the metadata it last read; it reads again after an
 * error), over the simulated network. It never retries a batch: a failed one is simply not acknowledged. The
 * leader reports every acknowledgement to {@link Invariants#acknowledged} when it answers, before the answer
 * travels, so an acknowledgement lost on the way still counts.
 *
 * <p>Single-threaded.
 */
public final class SimProducer {
    private final SimEventQueue events;
    private final SimNetwork network;
    private final SimMetadataStore store;
    private final Random random;
    private final IntFunction<SimBroker> brokers;
    private final Invariants invariants;
    private int believedLeader = -1;
    private long nextValue;
    private long sent;
    private long acked;

    public SimProducer(SimEventQueue events, SimNetwork network, SimMetadataStore store, Random random,
                       IntFunction<SimBroker> brokers, Invariants invariants) {
        this.events = events;
        this.network = network;
        this.store = store;
        this.random = random;
        this.brokers = brokers;
        this.invariants = invariants;
    }

    void start() {
        events.after(1 + random.nextInt(100), "produce", this::produceLoop);
    }

    private void produceLoop() {
        sendBatch();
        events.after(10 + random.nextInt(120), "produce", this::produceLoop);
    }

    private void sendBatch() {
        if (believedLeader < 0 || random.nextInt(5) == 0) {
            // Also now and then without an error: a producer whose requests are lost hears no error.
            believedLeader = store.state().map(v -> v.value().leader()).orElse(-1);
            if (believedLeader < 0) {
                return;
            }
        }
        int n = 1 + random.nextInt(3);
        SimpleRecord[] records = new SimpleRecord[n];
        for (int i = 0; i < n; i++) {
            records[i] = new SimpleRecord(events.now(), null, ("v" + nextValue++).getBytes(StandardCharsets.UTF_8));
        }
        MemoryRecords batch = MemoryRecords.withRecords(Compression.NONE, records);
        int leader = believedLeader;
        sent++;
        network.send(SimNetwork.PRODUCER, leader, "produce", () -> {
            SimBroker b = brokers.apply(leader);
            if (b != null && b.alive()) {
                b.produce(batch, (first, r) -> {
                    acked++;
                    invariants.acknowledged(leader, first, r);
                }, error -> network.send(leader, SimNetwork.PRODUCER, "produce response " + error,
                        () -> onResponse(leader, error)));
            }
        });
    }

    private void onResponse(int leader, Errors error) {
        if (error != Errors.NONE && believedLeader == leader) {
            believedLeader = -1; // read the metadata again before the next batch
        }
    }

    /** Batches sent and acknowledged. */
    public String summary() {
        return sent + " batches sent, " + acked + " acknowledged";
    }

    /** The values of a batch, in offset order. */
    static String[] values(MemoryRecords records) {
        List<String> out = new ArrayList<>();
        for (RecordBatch b : records.batches()) {
            for (Record r : b) {
                out.add(value(r));
            }
        }
        return out.toArray(new String[0]);
    }

    static String value(Record r) {
        byte[] v = new byte[r.valueSize()];
        r.value().duplicate().get(v);
        return new String(v, StandardCharsets.UTF_8);
    }
}
