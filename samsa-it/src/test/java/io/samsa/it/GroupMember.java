package io.samsa.it;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * One member of a consumer group (classic protocol) running its poll loop on its own thread, as an application
 * does: it processes what {@code poll} returns (hands every record to its {@link Events}), then commits what it
 * processed with {@code commitSync}, and commits again when partitions are revoked. A record is therefore delivered
 * again only if the member that processed it lost it before a commit went through: the at-least-once window that
 * {@link DeliveryLog} checks.
 *
 * <p>Used in the test's JVM, and through {@link GroupMemberMain} in a child JVM that a test kills without closing
 * anything ({@link GroupMemberProcess}).
 *
 * <p>Threading: {@link #start()} and {@link #close()} are called from the test's thread; {@link Events} are called on
 * the member's poll thread.
 */
final class GroupMember implements AutoCloseable {
    /** What the member did, reported on its poll thread. */
    interface Events {
        /** A rebalance completed: {@code added} is new, {@code assignment} is all the member now owns. */
        void assigned(Set<TopicPartition> added, Set<TopicPartition> assignment, int generation);

        /** Partitions were revoked (after their commit), or {@code lost} (no commit possible). */
        void revoked(Set<TopicPartition> partitions, boolean lost, Set<TopicPartition> remaining);

        void delivered(ConsumerRecord<byte[], byte[]> record);

        /** A commit went through: partition → the next offset to consume. */
        void committed(Map<TopicPartition, Long> offsets);

        /** The poll loop ended with {@code error}; the member is gone. */
        void failed(Throwable error);
    }

    /** Session and heartbeat so short that a dead member is noticed within seconds. */
    static final int SESSION_TIMEOUT_MS = 6000;
    static final int HEARTBEAT_INTERVAL_MS = 1000;
    /**
     * The classic protocol's rebalance timeout is max.poll.interval.ms: a rebalance waits that long for a member
     * that stopped polling. Every member here polls at least every {@link #POLL}, so 30 s only bounds a hang.
     */
    static final int MAX_POLL_INTERVAL_MS = 30_000;
    /** A member's poll loop ends after this, whatever happens, so a forgotten member cannot outlive its test. */
    static final Duration MAX_LIFETIME = Duration.ofMinutes(3);
    private static final Duration POLL = Duration.ofMillis(100);
    private static final Duration COMMIT_TIMEOUT = Duration.ofSeconds(15);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Collection<String> topics;
    private final Events events;
    private final Thread thread;
    /** Processed but not yet committed: partition → next offset. Poll thread only. */
    private final Map<TopicPartition, Long> uncommitted = new HashMap<>();
    private volatile boolean stopping;

    GroupMember(String name, Map<String, Object> config, Collection<String> topics, Events events) {
        this.consumer = new KafkaConsumer<>(config);
        this.topics = List.copyOf(topics);
        this.events = events;
        this.thread = new Thread(this::run, "group-member-" + name);
        this.thread.setDaemon(true);
    }

    /**
     * A classic-protocol consumer config for {@code groupId}: manual commits, reading from the earliest offset when the
     * group has none, the short session above, and {@code overrides} on top.
     */
    static Map<String, Object> config(String bootstrap, String groupId, String clientId,
                                      Map<String, ?> overrides) {
        Map<String, Object> c = new HashMap<>();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        c.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        c.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        c.put(ConsumerConfig.GROUP_PROTOCOL_CONFIG, "classic");
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        c.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, SESSION_TIMEOUT_MS);
        c.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, HEARTBEAT_INTERVAL_MS);
        c.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, MAX_POLL_INTERVAL_MS);
        c.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000);
        c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        c.putAll(overrides);
        return c;
    }

    /**
     * A KIP-848 consumer config ({@code group.protocol=consumer}) for {@code groupId}: like {@link #config}, but
     * without the session timeout and heartbeat interval, which the broker decides with this protocol (the client
     * refuses them), and with {@code overrides} on top (e.g. {@code group.remote.assignor}).
     */
    static Map<String, Object> consumerProtocolConfig(String bootstrap, String groupId, String clientId,
                                                      Map<String, ?> overrides) {
        Map<String, Object> c = config(bootstrap, groupId, clientId, Map.of());
        c.remove(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG);
        c.remove(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG);
        c.put(ConsumerConfig.GROUP_PROTOCOL_CONFIG, "consumer");
        c.putAll(overrides);
        return c;
    }

    void start() {
        thread.start();
    }

    /** Blocks until the poll loop has ended; true if it did within {@code timeout}. */
    boolean awaitTermination(Duration timeout) throws InterruptedException {
        thread.join(timeout.toMillis());
        return !thread.isAlive();
    }

    private void run() {
        long deadline = System.nanoTime() + MAX_LIFETIME.toNanos();
        try {
            consumer.subscribe(topics, new Listener());
            while (!stopping && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(POLL)) {
                    events.delivered(r);
                    uncommitted.put(new TopicPartition(r.topic(), r.partition()), r.offset() + 1);
                }
                commit(Set.copyOf(uncommitted.keySet()));
            }
        } catch (Throwable e) {
            if (!(stopping && (e instanceof WakeupException || e.getCause() instanceof WakeupException))) {
                events.failed(e);
            }
        } finally {
            try {
                consumer.close(CloseOptions.timeout(CLOSE_TIMEOUT));
            } catch (RuntimeException e) {
                // The member is gone either way; a failing LeaveGroup shows up as a late rebalance instead.
            }
        }
    }

    /**
     * Commits what was processed on {@code partitions}. A commit refused because the group is rebalancing (or this
     * member was already removed) keeps the offsets: the revocation callback retries them, or the partitions were
     * lost and their next owner gets those records again.
     */
    private void commit(Set<TopicPartition> partitions) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (TopicPartition tp : partitions) {
            Long next = uncommitted.get(tp);
            if (next != null) {
                offsets.put(tp, new OffsetAndMetadata(next));
            }
        }
        if (offsets.isEmpty()) {
            return;
        }
        try {
            consumer.commitSync(offsets, COMMIT_TIMEOUT);
        } catch (RebalanceInProgressException | CommitFailedException e) {
            return;
        }
        Map<TopicPartition, Long> done = new HashMap<>();
        offsets.forEach((tp, o) -> done.put(tp, o.offset()));
        uncommitted.keySet().removeAll(done.keySet());
        events.committed(done);
    }

    /** Stops the poll loop and closes the consumer (LeaveGroup), waiting a bounded time for both. */
    @Override
    public void close() {
        stopping = true;
        if (thread.getState() == Thread.State.NEW) {
            consumer.close(CloseOptions.timeout(CLOSE_TIMEOUT)); // never started: no poll loop to stop
            return;
        }
        consumer.wakeup();
        boolean stopped;
        try {
            stopped = awaitTermination(CLOSE_TIMEOUT.multipliedBy(2));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        if (!stopped) {
            thread.interrupt();
            throw new IllegalStateException(thread.getName() + " did not stop within "
                    + CLOSE_TIMEOUT.multipliedBy(2));
        }
    }

    private final class Listener implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            commit(Set.copyOf(partitions));
            uncommitted.keySet().removeAll(partitions);
            events.revoked(Set.copyOf(partitions), false, remaining(partitions));
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            uncommitted.keySet().removeAll(partitions);
            events.revoked(Set.copyOf(partitions), true, remaining(partitions));
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            events.assigned(Set.copyOf(partitions), Set.copyOf(consumer.assignment()),
                    consumer.groupMetadata().generationId());
        }

        private Set<TopicPartition> remaining(Collection<TopicPartition> revoked) {
            Set<TopicPartition> left = new HashSet<>(consumer.assignment());
            left.removeAll(revoked);
            return left;
        }
    }
}
