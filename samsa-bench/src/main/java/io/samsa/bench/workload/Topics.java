package io.samsa.bench.workload;

import io.samsa.bench.broker.RunningBroker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.InvalidReplicationFactorException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.MetadataResponse;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.utils.Time;

/** Creates topics and waits until they can be used. Stateless. */
final class Topics {
    /** How often Metadata is polled while waiting for partition leaders. */
    private static final long POLL_MS = 50;
    /** Deleted files go after a delay of a minute; a poll a second is plenty. */
    private static final long DELETE_POLL_MS = 1_000;
    /**
     * Most partitions one CreateTopics or CreatePartitions request adds. Kafka's KRaft controller refuses an
     * operation of more than 10,000 metadata records ("Unable to perform excessively large batch operation"), and a
     * topic of 10,000 partitions needs 10,001; so larger topics are created in steps, the same way on both brokers.
     */
    static final int MAX_PARTITIONS_PER_REQUEST = 5_000;

    private Topics() {
    }

    /**
     * Creates {@code topic} with replication factor 1 and waits until a Metadata response shows a leader for
     * every partition. Returns the milliseconds from the CreateTopics request until that response. More than
     * {@link #MAX_PARTITIONS_PER_REQUEST} partitions are created in steps: CreateTopics, then CreatePartitions.
     * Retries (for at most {@code timeoutMs}) while a just-started Kafka has not yet registered itself.
     */
    static Creation createAndAwait(RunningBroker broker, String topic, int partitions, Time time, long timeoutMs)
            throws IOException, WorkloadException, InterruptedException {
        return createAndAwait(broker, topic, partitions, Map.of(), time, timeoutMs);
    }

    /** {@link #createAndAwait(RunningBroker, String, int, Time, long)} with topic configs. */
    static Creation createAndAwait(RunningBroker broker, String topic, int partitions, Map<String, String> configs,
                                   Time time, long timeoutMs)
            throws IOException, WorkloadException, InterruptedException {
        long deadline = time.milliseconds() + timeoutMs;
        long start = time.nanoseconds();
        int first = Math.min(partitions, MAX_PARTITIONS_PER_REQUEST);
        while (true) {
            try {
                broker.admin().createTopics(List.of(new NewTopic(topic, first, (short) 1).configs(configs))).all()
                        .get();
                break;
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof TopicExistsException) {
                    break;
                }
                boolean retry = cause instanceof RetriableException || cause instanceof InvalidReplicationFactorException;
                if (!retry || time.milliseconds() > deadline) {
                    throw new WorkloadException("CreateTopics " + topic + " with " + first + " partitions failed: "
                            + cause);
                }
                broker.ensureAlive();
                time.sleep(POLL_MS);
                start = time.nanoseconds();
            }
        }
        for (int have = first; have < partitions; ) {
            int target = Math.min(have + MAX_PARTITIONS_PER_REQUEST, partitions);
            have = target;
            try {
                broker.admin().createPartitions(Map.of(topic, NewPartitions.increaseTo(target))).all().get();
            } catch (ExecutionException e) {
                throw new WorkloadException("CreatePartitions " + topic + " to " + target + " partitions failed: "
                        + e.getCause());
            }
        }
        try (MetadataProbe probe = new MetadataProbe("127.0.0.1", broker.node().port(), time)) {
            String last = "no response";
            while (time.milliseconds() <= deadline) {
                MetadataResponse response = probe.metadata(List.of(topic)).response();
                last = readiness(response, topic, partitions);
                if (last == null) {
                    return new Creation(start, (time.nanoseconds() - start) / 1e6);
                }
                broker.ensureAlive();
                time.sleep(POLL_MS);
            }
            throw new WorkloadException("Topic " + topic + " not ready after " + timeoutMs + " ms: " + last);
        }
    }

    /**
     * A created topic.
     *
     * @param startNanos when the CreateTopics request was sent ({@link Time#nanoseconds})
     * @param leadersMs  from then until a Metadata response showed a leader for every partition
     */
    record Creation(long startNanos, double leadersMs) {
    }

    /**
     * Writes one small record to every partition with {@code acks=all} and waits for all acknowledgements: a
     * partition listed with a leader may still answer NOT_LEADER_OR_FOLLOWER while the broker catches up with
     * its metadata (Kafka does, for seconds, after creating 1,000 partitions). Returns the milliseconds from
     * {@code creation}'s CreateTopics request until the last acknowledgement.
     */
    static double awaitWritable(RunningBroker broker, String topic, int partitions, Creation creation, Time time,
                                long timeoutMs) throws WorkloadException, InterruptedException {
        Map<String, Object> props = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 0,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) Math.min(Integer.MAX_VALUE, timeoutMs),
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 30_000,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, timeoutMs);
        byte[] value = new byte[16];
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            List<Future<RecordMetadata>> acks = new ArrayList<>(partitions);
            for (int p = 0; p < partitions; p++) {
                acks.add(producer.send(new ProducerRecord<>(topic, p, null, value)));
            }
            for (int p = 0; p < partitions; p++) {
                try {
                    acks.get(p).get();
                } catch (ExecutionException e) {
                    throw new WorkloadException("Partition " + p + " of " + topic + " not writable: " + e.getCause());
                }
            }
        }
        return (time.nanoseconds() - creation.startNanos()) / 1e6;
    }

    /**
     * Deletes {@code topic} and waits until Metadata no longer lists it and no directory of its partitions is
     * left in the broker's log dir, renamed for deletion or not.
     */
    static void deleteAndAwait(RunningBroker broker, String topic, Time time, long timeoutMs)
            throws IOException, WorkloadException, InterruptedException {
        long deadline = time.milliseconds() + timeoutMs;
        try {
            broker.admin().deleteTopics(List.of(topic)).all().get();
        } catch (ExecutionException e) {
            throw new WorkloadException("DeleteTopics " + topic + " failed: " + e.getCause());
        }
        Pattern dirs = Pattern.compile(
                Pattern.quote(topic) + "-\\d+(\\..+-delete)?");
        try (MetadataProbe probe = new MetadataProbe("127.0.0.1", broker.node().port(), time)) {
            String left = "not checked";
            while (time.milliseconds() <= deadline) {
                broker.ensureAlive();
                left = listed(probe.metadata(List.of(topic)).response(), topic) ? "still in Metadata"
                        : remainingDirs(broker.node().logDir(), dirs);
                if (left == null) {
                    return;
                }
                time.sleep(DELETE_POLL_MS);
            }
            throw new WorkloadException("Topic " + topic + " not gone " + timeoutMs + " ms after DeleteTopics: "
                    + left);
        }
    }

    private static boolean listed(MetadataResponse response, String topic) {
        return response.topicMetadata().stream().anyMatch(tm -> tm.topic().equals(topic) && tm.error() == Errors.NONE);
    }

    /** Null if no directory under {@code logDir} matches {@code dirs}, else how many do. */
    private static String remainingDirs(Path logDir, Pattern dirs) throws IOException {
        try (Stream<Path> s = Files.list(logDir)) {
            long n = s.filter(p -> dirs.matcher(p.getFileName().toString()).matches()).count();
            return n == 0 ? null : n + " partition directories left in " + logDir;
        }
    }

    /** Null if every partition of the topic has a leader, else what is missing. */
    static String readiness(MetadataResponse response, String topic, int partitions) {
        for (MetadataResponse.TopicMetadata tm : response.topicMetadata()) {
            if (!tm.topic().equals(topic)) {
                continue;
            }
            if (tm.error() != Errors.NONE) {
                return "topic error " + tm.error();
            }
            long led = tm.partitionMetadata().stream()
                    .filter(p -> p.error == Errors.NONE && p.leaderId.isPresent() && p.leaderId.get() >= 0).count();
            return led == partitions ? null : led + " of " + partitions + " partitions have a leader";
        }
        return "topic missing from metadata";
    }
}
