package io.samsa.it.fuzz;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.message.ListOffsetsRequestData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.ListOffsetsResponse;
import org.apache.kafka.common.requests.ResponseHeader;

/**
 * The end-of-run check with Kafka's own clients: a producer's record comes back to a consumer, and every record the
 * fuzz cases got written can be read back, start to end, as any consumer of those topics would have to. A broker
 * that accepted a malformed batch fails here (issue 8, point 2): the consumer throws a KafkaException when it meets
 * it. Stateless.
 */
final class ClientsCheck {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final int MAX_POLLS = 2_000;

    private ClientsCheck() {
    }

    /** What failed, or null. */
    static Finding run(FuzzFixture fixture, long seed) {
        String where = "Kafka clients at the end";
        try {
            String roundTrip = produceAndConsume(fixture);
            if (roundTrip != null) {
                return Finding.between(Finding.Problem.CLIENTS_FAILED, where, seed, roundTrip);
            }
        } catch (Exception e) {
            return Finding.between(Finding.Problem.CLIENTS_FAILED, where, seed, causes(e));
        }
        return readBack(fixture, seed, where);
    }

    /** The exception and its causes, outermost first. */
    private static String causes(Throwable e) {
        StringBuilder s = new StringBuilder(e.toString());
        for (Throwable c = e.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
            s.append(" <- ").append(c);
        }
        return s.toString();
    }

    private static String produceAndConsume(FuzzFixture fixture) throws Exception {
        TopicPartition tp = new TopicPartition(fixture.targets().dataTopic(), 0);
        byte[] value = "after the fuzz".getBytes(StandardCharsets.UTF_8);
        RecordMetadata md = fixture.broker().producer().send(new ProducerRecord<>(tp.topic(), tp.partition(),
                "k".getBytes(StandardCharsets.UTF_8), value)).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        KafkaConsumer<byte[], byte[]> consumer = fixture.broker().consumer();
        consumer.assign(List.of(tp));
        consumer.seek(tp, md.offset());
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        for (int polls = 0; polls < MAX_POLLS && System.nanoTime() < deadline; polls++) {
            for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                if (r.offset() == md.offset()) {
                    return java.util.Arrays.equals(r.value(), value) ? null
                            : "the record produced after the run came back changed";
                }
            }
        }
        return "the record produced after the run (offset " + md.offset() + ") was not consumed";
    }

    private static Finding readBack(FuzzFixture fixture, long seed, String where) {
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : fixture.targets().producedTopics()) {
            for (int p = 0; p < fixture.targets().partitions(); p++) {
                partitions.add(new TopicPartition(topic, p));
            }
        }
        KafkaConsumer<byte[], byte[]> consumer = fixture.broker().consumer();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        Map<TopicPartition, Long> end;
        try {
            end = consumer.endOffsets(partitions, TIMEOUT);
        } catch (RuntimeException e) {
            return Finding.between(Finding.Problem.CLIENTS_FAILED, where, seed, "end offsets: " + causes(e)
                    + "; ListOffsets answers " + listOffsetsErrors(fixture.port(), partitions));
        }
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        long read = 0;
        for (int polls = 0; polls < MAX_POLLS && System.nanoTime() < deadline; polls++) {
            if (partitions.stream().allMatch(tp -> consumer.position(tp, TIMEOUT) >= end.get(tp))) {
                return null;
            }
            try {
                read += consumer.poll(Duration.ofMillis(100)).count();
            } catch (KafkaException e) {
                // The consumer fetched what the broker acknowledged and could not decode it.
                return Finding.between(Finding.Problem.UNREADABLE_RECORDS, where, seed, "after " + read
                        + " records: " + causes(e));
            }
        }
        return Finding.between(Finding.Problem.CLIENTS_FAILED, where, seed, "a consumer reading back what the "
                + "cases produced got stuck after " + read + " records; end offsets " + end);
    }

    /** What a raw ListOffsets (latest) answers per partition: why a consumer could not learn its end offsets. */
    private static String listOffsetsErrors(int port, List<TopicPartition> partitions) {
        ListOffsetsRequestData data = new ListOffsetsRequestData().setReplicaId(-1);
        Map<String, ListOffsetsRequestData.ListOffsetsTopic> topics = new LinkedHashMap<>();
        for (TopicPartition tp : partitions) {
            topics.computeIfAbsent(tp.topic(), t -> new ListOffsetsRequestData.ListOffsetsTopic().setName(t))
                    .partitions().add(new ListOffsetsRequestData.ListOffsetsPartition()
                            .setPartitionIndex(tp.partition()).setTimestamp(-1L));
        }
        data.setTopics(new ArrayList<>(topics.values()));
        ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor();
        try (WireConnection c = new WireConnection(port, watchdog, TIMEOUT)) {
            short version = 7;
            c.write(Frames.request(ApiKeys.LIST_OFFSETS, version, 1, data), TIMEOUT);
            WireConnection.Read read = c.read(TIMEOUT);
            if (!(read instanceof WireConnection.Frame frame)) {
                return String.valueOf(read);
            }
            ByteBuffer b = frame.bytes();
            ResponseHeader.parse(b, ApiKeys.LIST_OFFSETS.responseHeaderVersion(version));
            ListOffsetsResponse r = (ListOffsetsResponse) AbstractResponse.parseResponse(ApiKeys.LIST_OFFSETS,
                    new ByteBufferAccessor(b), version);
            return r.data().topics().stream().flatMap(t -> t.partitions().stream().map(p -> t.name() + "-"
                    + p.partitionIndex() + "=" + Errors.forCode(p.errorCode()) + "@" + p.offset())).toList().toString();
        } catch (IOException | RuntimeException e) {
            return e.toString();
        } finally {
            watchdog.shutdownNow();
        }
    }
}
