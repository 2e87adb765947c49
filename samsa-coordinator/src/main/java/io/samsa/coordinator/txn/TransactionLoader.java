package io.samsa.coordinator.txn;

import io.samsa.coordinator.PartitionWriter;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.record.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rebuilds the transactional ids of a {@code __transaction_state} partition by replaying its log: the last value of
 * each key wins, a tombstone removes the id. Records with a key version this broker does not know are skipped (as
 * Kafka does). Stateless.
 */
final class TransactionLoader {
    private static final Logger log = LoggerFactory.getLogger(TransactionLoader.class);

    private TransactionLoader() {
    }

    static Map<String, TransactionMetadata> replay(PartitionWriter writer, TopicPartition tp) {
        Map<String, TransactionMetadata> out = new HashMap<>();
        writer.replay(tp, (Record r) -> {
            if (!r.hasKey()) {
                return;
            }
            String id = TransactionLogSerde.readKey(r.key());
            if (id == null) {
                log.warn("Skipping a record of {} at offset {} with an unknown key version", tp, r.offset());
                return;
            }
            TransactionLogValue v = TransactionLogSerde.readValue(r.hasValue() ? r.value() : null);
            if (v == null || v.state() == TransactionState.DEAD) {
                out.remove(id);
            } else {
                out.put(id, TransactionMetadata.fromLog(id, v));
            }
        });
        return out;
    }
}
