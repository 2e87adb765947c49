package io.samsa.broker.quota;

import io.samsa.network.Request;
import io.samsa.network.RequestThrottle;
import java.util.EnumSet;
import java.util.Set;
import org.apache.kafka.common.message.CreatePartitionsResponseData;
import org.apache.kafka.common.message.CreateTopicsResponseData;
import org.apache.kafka.common.message.DeleteTopicsResponseData;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.record.BaseRecords;
import org.apache.kafka.common.requests.FetchRequest;
import org.apache.kafka.common.requests.ProduceRequest;
import org.apache.kafka.common.utils.Time;

/**
 * Kafka's client quotas applied to each answered request, for the network layer to enforce: a Produce records its
 * request bytes against {@code producer_byte_rate}, a consumer's Fetch its answer's record bytes against
 * {@code consumer_byte_rate}, and every request but the exempt ones its handling time against
 * {@code request_percentage}; the client is throttled for the longest delay any of them asks, or that a topic
 * mutation's handler put in its answer for {@code controller_mutation_rate} ({@link ControllerMutationQuota}). As in Kafka, the
 * request-time delay is capped at one quota window, an acks=0 produce is not charged request time (it has no answer
 * to carry a throttle), and followers' fetches, broker-to-broker APIs, ApiVersions and the SASL exchange are exempt.
 * The user is the connection's principal name ({@code ANONYMOUS} without authentication); the client id is the
 * request header's.
 *
 * <p>Built once by the broker; called on network threads. Thread-safe.
 */
public final class ClientQuotaThrottle implements RequestThrottle {
    private static final Set<ApiKeys> EXEMPT = EnumSet.of(ApiKeys.API_VERSIONS, ApiKeys.SASL_HANDSHAKE,
            ApiKeys.SASL_AUTHENTICATE);
    private static final double PERCENT_SECONDS_PER_NANO = 100.0 / 1_000_000_000L;

    private final ClientQuotas quotas;
    private final Time time;
    private final long windowMs;

    /** @param windowMs {@code quota.window.size.seconds}, in ms: the longest request-time throttle */
    public ClientQuotaThrottle(ClientQuotas quotas, Time time, long windowMs) {
        this.quotas = quotas;
        this.time = time;
        this.windowMs = windowMs;
    }

    @Override
    public long throttleTimeMs(Request request, int requestBytes, long handleNanos, ApiMessage response) {
        if (quotas.configs().byEntity().isEmpty()) {
            return 0; // no quota anywhere: nothing to measure (the common case costs one read)
        }
        ApiKeys api = request.apiKey();
        if (api.clusterAction || EXEMPT.contains(api)) {
            return 0;
        }
        String user = request.connection().principal().getName();
        String clientId = request.header().clientId();
        long now = time.milliseconds();
        long bytesThrottle = 0;
        if (api == ApiKeys.PRODUCE) {
            bytesThrottle = quotas.manager(QuotaType.PRODUCE).recordAndGetThrottleTimeMs(user, clientId,
                    requestBytes, now);
            if (request.body(ProduceRequest.class).acks() == 0) {
                return bytesThrottle;
            }
        } else if (api == ApiKeys.FETCH) {
            if (request.body(FetchRequest.class).replicaId() >= 0) {
                return 0; // a follower: replication has its own throttles
            }
            if (response instanceof FetchResponseData fetched) {
                bytesThrottle = quotas.manager(QuotaType.FETCH).recordAndGetThrottleTimeMs(user, clientId,
                        recordBytes(fetched), now);
            }
        }
        // A topic mutation's handler answered with its controller_mutation_rate throttle: the mute covers it too.
        long mutationThrottle = response instanceof CreateTopicsResponseData r ? r.throttleTimeMs()
                : response instanceof CreatePartitionsResponseData r ? r.throttleTimeMs()
                : response instanceof DeleteTopicsResponseData r ? r.throttleTimeMs() : 0;
        bytesThrottle = Math.max(bytesThrottle, mutationThrottle);
        long requestThrottle = Math.min(windowMs, quotas.manager(QuotaType.REQUEST).recordAndGetThrottleTimeMs(user,
                clientId, handleNanos * PERCENT_SECONDS_PER_NANO, now));
        return Math.max(bytesThrottle, requestThrottle);
    }

    private static long recordBytes(FetchResponseData response) {
        long bytes = 0;
        for (FetchResponseData.FetchableTopicResponse topic : response.responses()) {
            for (FetchResponseData.PartitionData partition : topic.partitions()) {
                BaseRecords records = partition.records();
                if (records != null) {
                    bytes += records.sizeInBytes();
                }
            }
        }
        return bytes;
    }
}
