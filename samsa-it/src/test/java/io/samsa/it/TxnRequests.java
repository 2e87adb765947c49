package io.samsa.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.message.InitProducerIdRequestData;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.message.ProduceResponseData;
import org.apache.kafka.common.message.WriteTxnMarkersResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.SimpleRecord;
import org.apache.kafka.common.requests.InitProducerIdRequest;
import org.apache.kafka.common.requests.InitProducerIdResponse;
import org.apache.kafka.common.requests.ProduceRequest;
import org.apache.kafka.common.requests.ProduceResponse;
import org.apache.kafka.common.requests.TransactionResult;
import org.apache.kafka.common.requests.WriteTxnMarkersRequest;
import org.apache.kafka.common.requests.WriteTxnMarkersResponse;

/**
 * Hand-built requests of a transaction as a producer and a transaction coordinator would send them, over a
 * {@link RawConnection}: producer ids, transactional and plain batches (acks=all), and WriteTxnMarkers.
 */
final class TxnRequests {
    private TxnRequests() {
    }

    /** A fresh producer id (epoch 0) from a non-transactional InitProducerId. */
    static long initProducerId(RawConnection c) throws IOException {
        short version = c.version(ApiKeys.INIT_PRODUCER_ID, 5);
        InitProducerIdResponse r = c.call(new InitProducerIdRequest.Builder(new InitProducerIdRequestData()
                .setTransactionalId(null).setTransactionTimeoutMs(Integer.MAX_VALUE)).build(version));
        assertThat(r.error()).isEqualTo(Errors.NONE);
        assertThat(r.data().producerEpoch()).isZero();
        return r.data().producerId();
    }

    static SimpleRecord[] values(String... values) {
        SimpleRecord[] records = new SimpleRecord[values.length];
        for (int i = 0; i < values.length; i++) {
            records[i] = new SimpleRecord(values[i].getBytes(StandardCharsets.UTF_8));
        }
        return records;
    }

    /** Produces with acks=all and returns the partition's answer. */
    static ProduceResponseData.PartitionProduceResponse produceAnswer(RawConnection c, TopicPartition tp,
                                                                     String transactionalId, MemoryRecords records)
            throws IOException {
        return produceAnswer(c, c.version(ApiKeys.PRODUCE, 11), tp, transactionalId, records);
    }

    /** Produces at {@code version} with acks=all and returns the partition's answer. */
    static ProduceResponseData.PartitionProduceResponse produceAnswer(RawConnection c, short version,
                                                                     TopicPartition tp, String transactionalId,
                                                                     MemoryRecords records) throws IOException {
        ProduceRequestData data = new ProduceRequestData().setAcks((short) -1).setTimeoutMs(10_000)
                .setTransactionalId(transactionalId)
                .setTopicData(new ProduceRequestData.TopicProduceDataCollection(List.of(
                        new ProduceRequestData.TopicProduceData().setName(tp.topic()).setPartitionData(List.of(
                                new ProduceRequestData.PartitionProduceData().setIndex(tp.partition())
                                        .setRecords(records)))).iterator()));
        ProduceResponse r = c.call(new ProduceRequest.Builder(version, version, data).build(version));
        return r.data().responses().iterator().next().partitionResponses().get(0);
    }

    /** Produces with acks=all, expecting success; returns the base offset. */
    static long produce(RawConnection c, TopicPartition tp, String transactionalId, MemoryRecords records)
            throws IOException {
        ProduceResponseData.PartitionProduceResponse partition = produceAnswer(c, tp, transactionalId, records);
        assertThat(Errors.forCode(partition.errorCode())).isEqualTo(Errors.NONE);
        return partition.baseOffset();
    }

    /** A transactional batch of producer {@code producerId} (epoch 0); returns its base offset. */
    static long txn(RawConnection c, TopicPartition tp, long producerId, int sequence, String... v)
            throws IOException {
        return produce(c, tp, "tx-" + producerId, MemoryRecords.withTransactionalRecords(Compression.NONE,
                producerId, (short) 0, sequence, values(v)));
    }

    /** A batch without producer id; returns its base offset. */
    static long plain(RawConnection c, TopicPartition tp, String... v) throws IOException {
        return produce(c, tp, null, MemoryRecords.withRecords(Compression.NONE, values(v)));
    }

    static WriteTxnMarkersRequest.TxnMarkerEntry marker(long producerId, TransactionResult result,
                                                        TopicPartition... partitions) {
        return new WriteTxnMarkersRequest.TxnMarkerEntry(producerId, (short) 0, 0, result, List.of(partitions));
    }

    /** Sends WriteTxnMarkers, expecting every partition to succeed. */
    static void writeMarkers(RawConnection c, List<WriteTxnMarkersRequest.TxnMarkerEntry> markers)
            throws IOException {
        assertThat(markerErrors(c, markers)).containsOnly(Errors.NONE);
    }

    /** Every partition's answer to WriteTxnMarkers, in request order. */
    static List<Errors> markerErrors(RawConnection c, List<WriteTxnMarkersRequest.TxnMarkerEntry> markers)
            throws IOException {
        short version = c.version(ApiKeys.WRITE_TXN_MARKERS, 1);
        WriteTxnMarkersResponse r = c.call(new WriteTxnMarkersRequest.Builder(markers).build(version));
        List<Errors> errors = new ArrayList<>();
        for (WriteTxnMarkersResponseData.WritableTxnMarkerResult m : r.data().markers()) {
            for (WriteTxnMarkersResponseData.WritableTxnMarkerTopicResult t : m.topics()) {
                for (WriteTxnMarkersResponseData.WritableTxnMarkerPartitionResult p : t.partitions()) {
                    errors.add(Errors.forCode(p.errorCode()));
                }
            }
        }
        return errors;
    }
}
