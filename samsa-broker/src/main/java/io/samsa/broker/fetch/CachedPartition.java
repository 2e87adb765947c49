package io.samsa.broker.fetch;

import io.samsa.replication.PartitionFetch;
import io.samsa.replication.PartitionFetchResult;

/**
 * One partition of a fetch session: what the client last asked for it, and what the broker last told it (high
 * watermark, log start offset). An incremental response includes the partition only when that changed, or it has
 * records, an error or a diverging epoch (Kafka's rules). Guarded by its session's lock.
 */
final class CachedPartition {
    private PartitionFetch request;
    private long highWatermark = -1;
    private long logStartOffset = -1;

    CachedPartition(PartitionFetch request) {
        this.request = request;
    }

    PartitionFetch request() {
        return request;
    }

    void updateRequest(PartitionFetch newRequest) {
        this.request = newRequest;
    }

    /** Whether an incremental response must include this result; records what the client now knows. */
    boolean mustRespond(PartitionFetchResult r) {
        boolean respond = r.records().sizeInBytes() > 0 || r.divergingEpoch() != null
                || r.preferredReadReplica() >= 0;
        if (r.highWatermark() != highWatermark) {
            respond = true;
            highWatermark = r.highWatermark();
        }
        if (r.logStartOffset() != logStartOffset) {
            respond = true;
            logStartOffset = r.logStartOffset();
        }
        if (r.error() != org.apache.kafka.common.protocol.Errors.NONE) {
            // Forget the high watermark, so the partition is sent again once the error clears.
            highWatermark = -1;
            respond = true;
        }
        return respond;
    }

    /** Records a full response's values without filtering. */
    void remember(PartitionFetchResult r) {
        highWatermark = r.error() == org.apache.kafka.common.protocol.Errors.NONE ? r.highWatermark() : -1;
        logStartOffset = r.logStartOffset();
    }
}
