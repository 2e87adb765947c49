package io.samsa.coordinator;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.record.Record;
import org.apache.kafka.common.record.SimpleRecord;

/**
 * The coordinators' only way to the log of an internal topic partition (e.g. {@code __consumer_offsets-7}).
 * Implemented by the broker; tests use an in-memory implementation. Thread-safe.
 */
public interface PartitionWriter {

    /**
     * Appends {@code records} as one batch (uncompressed, non-idempotent) to {@code tp} if this broker leads it.
     * Completes with the offset of the last record once the batch is committed (replicated to the ISR; for a
     * single broker, once appended), or exceptionally with a kafka-clients ApiException
     * (NotLeaderOrFollowerException, KafkaStorageException, RecordTooLargeException...).
     */
    CompletableFuture<Long> append(TopicPartition tp, List<SimpleRecord> records);

    /**
     * Reads every record of {@code tp} from the log start offset to the committed end, in offset order, handing
     * each to {@code sink} (control records skipped). Blocks; called from a loader thread. Returns the end offset.
     */
    long replay(TopicPartition tp, Consumer<Record> sink);
}
