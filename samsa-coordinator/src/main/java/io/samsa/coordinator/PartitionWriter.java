package io.samsa.coordinator;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.record.Record;
import org.apache.kafka.common.record.RecordBatch;
import org.apache.kafka.common.record.SimpleRecord;

/**
 * The coordinators' only way to the log of an internal topic partition (e.g. {@code __consumer_offsets-7}).
 * Implemented by the broker; tests use an in-memory implementation. Thread-safe.
 */
public interface PartitionWriter {

    /** What a replay hands over: every data record with the producer that wrote it, and every transaction marker. */
    interface ReplaySink {
        /**
         * A data record; {@code producerId} and {@code producerEpoch} are those of its batch if the batch is
         * transactional, else {@link RecordBatch#NO_PRODUCER_ID} and {@link RecordBatch#NO_PRODUCER_EPOCH}
         * ({@link Record#sequence()} then gives its sequence number).
         */
        void record(Record record, long producerId, short producerEpoch);

        /** A commit or abort marker of {@code producerId}'s transaction, at {@code offset}. */
        default void marker(long producerId, boolean commit, long offset) {
        }
    }

    /**
     * Appends {@code records} as one batch (uncompressed, non-idempotent) to {@code tp} if this broker leads it.
     * Completes with the offset of the last record once the batch is committed (replicated to the ISR; for a
     * single broker, once appended), or exceptionally with a kafka-clients ApiException
     * (NotLeaderOrFollowerException, KafkaStorageException, RecordTooLargeException...).
     */
    CompletableFuture<Long> append(TopicPartition tp, List<SimpleRecord> records);

    /**
     * Appends {@code records} as one transactional batch of {@code producerId}/{@code producerEpoch} starting at
     * {@code baseSequence}: they count only once a commit marker of that producer follows them (TxnOffsetCommit).
     * Completes as {@link #append}.
     */
    CompletableFuture<Long> appendTransactional(TopicPartition tp, long producerId, short producerEpoch,
                                                int baseSequence, List<SimpleRecord> records);

    /**
     * Reads every record of {@code tp} from the log start offset to the committed end, in offset order, handing
     * data records and transaction markers to {@code sink}. Blocks; called from a loader thread. Returns the end
     * offset.
     */
    long replay(TopicPartition tp, ReplaySink sink);

    /** {@link #replay(TopicPartition, ReplaySink)} for a loader that has no transactional records: markers skipped. */
    default long replay(TopicPartition tp, Consumer<Record> sink) {
        return replay(tp, (record, producerId, producerEpoch) -> sink.accept(record));
    }
}
