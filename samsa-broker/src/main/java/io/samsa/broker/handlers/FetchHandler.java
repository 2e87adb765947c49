package io.samsa.broker.handlers;

import io.samsa.broker.BrokerContext;
import io.samsa.broker.quota.QuotaType;
import io.samsa.broker.auth.Authorization;
import io.samsa.broker.fetch.FetchContext;
import io.samsa.broker.fetch.FetchSessionCache;
import io.samsa.metadata.BrokerRegistration;
import io.samsa.network.Request;
import io.samsa.network.RequestHandler;
import io.samsa.replication.FetchParams;
import io.samsa.replication.PartitionFetch;
import io.samsa.replication.PartitionFetchResult;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicIdPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.message.FetchRequestData;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.CompressionType;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.replica.ClientMetadata;
import org.apache.kafka.common.requests.FetchRequest;
import org.apache.kafka.common.resource.ResourceType;

/**
 * Fetch (v4+) for consumers: reads each partition below its high watermark, long-polls for {@code fetch.min.bytes}
 * up to {@code fetch.max.wait.ms}, and returns log segment slices that the network layer sends with zero copy.
 * Topics are named by id from v13. Fetch sessions (KIP-227) keep a client's partitions between requests, so an
 * incremental fetch names only what changed and is answered only with partitions that have news (see
 * {@link FetchContext}). A partition named twice is read once. A consumer's Fetch below v10 gets
 * UNSUPPORTED_COMPRESSION_TYPE for a topic with {@code compression.type=zstd}, as in Kafka.
 */
public final class FetchHandler implements RequestHandler {
    /** Fetch v10 is the first a zstd-aware consumer sends (KIP-110). */
    private static final short FIRST_VERSION_WITH_ZSTD = 10;

    private final BrokerContext ctx;
    private final FetchSessionCache sessions;
    /** {@code fetch.max.bytes}, read once: a config look-up per fetch showed in replication profiles. */
    private final int fetchMaxBytes;

    public FetchHandler(BrokerContext ctx) {
        this.ctx = ctx;
        this.sessions = new FetchSessionCache(ctx.config().maxIncrementalFetchSessionCacheSlots(), ctx.time());
        this.fetchMaxBytes = ctx.config().fetchMaxBytes();
    }

    @Override
    public CompletableFuture<ApiMessage> handle(Request request) {
        FetchRequestData data = request.body(FetchRequest.class).data();
        short version = request.version();
        Errors requestError = requestError(data);
        if (requestError != Errors.NONE) {
            return CompletableFuture.completedFuture(new FetchResponseData().setErrorCode(requestError.code())
                    .setSessionId(0));
        }
        boolean byId = version >= 13;
        boolean readCommitted = data.isolationLevel() == IsolationLevel.READ_COMMITTED.id();
        // A partition named more than once is read once, as Kafka's map of fetch partitions does: otherwise one
        // small request could make the broker send the same data thousands of times.
        Map<TopicIdPartition, PartitionFetch> unique = new LinkedHashMap<>();
        Map<Uuid, String> names = new LinkedHashMap<>();
        for (FetchRequestData.FetchTopic t : data.topics()) {
            String name = byId ? names.computeIfAbsent(t.topicId(), id -> Topics.nameOf(ctx, id).orElse("")) : t.topic();
            Uuid id = byId ? t.topicId() : Uuid.ZERO_UUID;
            for (FetchRequestData.FetchPartition p : t.partitions()) {
                Optional<Integer> epoch = p.currentLeaderEpoch() < 0 ? Optional.empty()
                        : Optional.of(p.currentLeaderEpoch());
                TopicIdPartition tip = new TopicIdPartition(id, p.partition(), name);
                unique.put(tip, new PartitionFetch(tip, p.fetchOffset(), p.partitionMaxBytes(), epoch,
                        p.lastFetchedEpoch(), p.logStartOffset()));
            }
        }
        List<TopicIdPartition> forgotten = new ArrayList<>();
        for (FetchRequestData.ForgottenTopic t : data.forgottenTopicsData()) {
            String name = byId ? names.computeIfAbsent(t.topicId(), id -> Topics.nameOf(ctx, id).orElse("")) : t.topic();
            Uuid id = byId ? t.topicId() : Uuid.ZERO_UUID;
            for (int p : t.partitions()) {
                forgotten.add(new TopicIdPartition(id, p, name));
            }
        }
        int replicaId = version >= 15 ? data.replicaState().replicaId() : data.replicaId();
        long brokerEpoch = version >= 15 ? data.replicaState().replicaEpoch() : -1L;
        boolean fromReplica = !FetchRequest.isConsumer(replicaId);
        if (fromReplica && !isRegisteredFollower(replicaId, brokerEpoch)) {
            return CompletableFuture.completedFuture(response(rejectReplicaFetch(new ArrayList<>(unique.values())),
                    byId, readCommitted, 0));
        }
        FetchContext context = FetchContext.of(sessions, data.sessionId(), data.sessionEpoch(), fromReplica, byId,
                new ArrayList<>(unique.values()), forgotten, ctx.time().milliseconds());
        if (context.error() != Errors.NONE) {
            return CompletableFuture.completedFuture(new FetchResponseData().setErrorCode(context.error().code())
                    .setSessionId(0));
        }
        List<PartitionFetch> toRead = context.toRead();
        List<PartitionFetch> fetches = authorized(request, fromReplica, toRead);
        List<PartitionFetchResult> refused = fetches == toRead ? List.of() : refused(toRead, fetches);
        FetchParams params;
        // As Kafka: one answer never holds more than a consumer's quota lets through in a whole quota window.
        int consumerMaxBytes = fromReplica ? 0 : (int) Math.min(Math.min(data.maxBytes(), fetchMaxBytes),
                ctx.clientQuotas().maxValueInWindow(QuotaType.FETCH, request.connection().principal().getName(),
                        request.header().clientId()));
        if (!fromReplica && version >= 11) {
            // KIP-392: a consumer that sends client metadata may read from a follower, or be sent to one.
            params = FetchParams.consumer(data.maxWaitMs(), Math.max(0, data.minBytes()), consumerMaxBytes,
                    clientMetadata(request, data));
        } else if (!fromReplica) {
            params = new FetchParams(data.maxWaitMs(), Math.max(0, data.minBytes()), consumerMaxBytes);
        } else {
            params = new FetchParams(data.maxWaitMs(), Math.max(0, data.minBytes()),
                    Math.min(data.maxBytes(), fetchMaxBytes), replicaId, brokerEpoch);
        }
        if (!fromReplica && readCommitted) {
            params = params.withIsolation(IsolationLevel.READ_COMMITTED);
        }
        boolean olderThanZstd = !fromReplica && version < FIRST_VERSION_WITH_ZSTD;
        // Nothing the principal may read: answer the refusals now rather than long-poll on nothing.
        CompletableFuture<List<PartitionFetchResult>> read = fetches.isEmpty() && !refused.isEmpty()
                ? CompletableFuture.completedFuture(List.of()) : ctx.replicaManager().fetch(params, fetches,
                        request.connection().executor());
        return read
                .thenApply(results -> {
                    List<PartitionFetchResult> answered = context.respond(refused.isEmpty() ? results
                            : concat(results, refused));
                    return response(olderThanZstd ? refuseZstdTopics(answered) : answered, byId, readCommitted,
                            context.responseSessionId());
                });
    }

    /**
     * Kafka's rule for a consumer's Fetch older than v10 (before zstd, KIP-110): a partition whose topic has
     * {@code compression.type=zstd} is answered UNSUPPORTED_COMPRESSION_TYPE with no records, since its batches
     * are zstd. Like Kafka, it goes by the topic's setting, after the fetch session has been updated. Only such
     * old clients pay for the config look-ups (one per topic, from the metadata cache).
     */
    private List<PartitionFetchResult> refuseZstdTopics(List<PartitionFetchResult> results) {
        Map<String, Boolean> zstdTopics = new HashMap<>();
        List<PartitionFetchResult> out = new ArrayList<>(results.size());
        for (PartitionFetchResult r : results) {
            boolean zstdTopic = r.error() == Errors.NONE && zstdTopics.computeIfAbsent(r.partition().topic(),
                    topic -> ctx.topics().logConfig(topic).compression().codec() == CompressionType.ZSTD);
            out.add(zstdTopic ? new PartitionFetchResult(r.partition(), Errors.UNSUPPORTED_COMPRESSION_TYPE, -1L,
                    -1L, MemoryRecords.EMPTY) : r);
        }
        return out;
    }

    private ClientMetadata clientMetadata(Request request, FetchRequestData data) {
        InetAddress address = request.clientAddress() instanceof InetSocketAddress a ? a.getAddress() : null;
        return new ClientMetadata.DefaultClientMetadata(data.rackId(), request.header().clientId(), address,
                request.connection().principal(), request.listenerName());
    }

    /**
     * A fetch naming a replica id is a follower's only if that id is another live broker and, when the request
     * carries a broker epoch (v15+), it is that broker's current one: a zombie from before the broker restarted, or a
     * client making up an id, is not a follower and reads nothing.
     */
    private boolean isRegisteredFollower(int replicaId, long brokerEpoch) {
        if (replicaId < 0 || replicaId == ctx.brokerId()) {
            return false;
        }
        Optional<BrokerRegistration> registration = ctx.metadata().liveBroker(replicaId);
        return registration.isPresent() && BrokerEpochs.matches(registration.get(), brokerEpoch);
    }

    /**
     * Request-level errors, answered before any partition is read: an isolation level Kafka does not define
     * (INVALID_REQUEST; Kafka itself fails with an unknown server error while parsing it). Session errors are
     * {@link FetchContext}'s.
     */
    private static Errors requestError(FetchRequestData data) {
        byte isolation = data.isolationLevel();
        if (isolation != IsolationLevel.READ_UNCOMMITTED.id() && isolation != IsolationLevel.READ_COMMITTED.id()) {
            return Errors.INVALID_REQUEST;
        }
        return Errors.NONE;
    }

    /**
     * The fetches the principal may make: a follower needs CLUSTER_ACTION on the cluster, a consumer READ on each
     * topic (Kafka's rules). The same list, without allocating, when authorization is off or all are allowed.
     */
    private List<PartitionFetch> authorized(Request request, boolean fromReplica, List<PartitionFetch> fetches) {
        Authorization authz = ctx.authorization();
        if (!authz.enabled()) {
            return fetches;
        }
        if (fromReplica) {
            return authz.allowedOnCluster(request, AclOperation.CLUSTER_ACTION) ? fetches : List.of();
        }
        List<PartitionFetch> allowed = authz.filter(request, AclOperation.READ, ResourceType.TOPIC, fetches,
                f -> f.partition().topic());
        return allowed.size() == fetches.size() ? fetches : allowed;
    }

    /** TOPIC_AUTHORIZATION_FAILED for each fetch left out of {@code allowed}; nothing is read for them. */
    private static List<PartitionFetchResult> refused(List<PartitionFetch> all, List<PartitionFetch> allowed) {
        Set<PartitionFetch> kept = new HashSet<>(allowed);
        List<PartitionFetchResult> out = new ArrayList<>();
        for (PartitionFetch f : all) {
            if (!kept.contains(f)) {
                out.add(new PartitionFetchResult(f.partition(), Errors.TOPIC_AUTHORIZATION_FAILED, -1L, -1L,
                        MemoryRecords.EMPTY));
            }
        }
        return out;
    }

    private static List<PartitionFetchResult> concat(List<PartitionFetchResult> a, List<PartitionFetchResult> b) {
        List<PartitionFetchResult> out = new ArrayList<>(a.size() + b.size());
        out.addAll(a);
        out.addAll(b);
        return out;
    }

    /**
     * The answer to a fetch from a replica id that is not a live follower: each partition gets the error Kafka's
     * leader gives a replica it does not recognize, UNKNOWN_LEADER_EPOCH when the request carries a leader epoch
     * (the follower retries), NOT_LEADER_OR_FOLLOWER otherwise. Nothing is read, so a client cannot use a made-up
     * replica id to read past the high watermark.
     */
    private List<PartitionFetchResult> rejectReplicaFetch(List<PartitionFetch> fetches) {
        List<PartitionFetchResult> results = new ArrayList<>(fetches.size());
        for (PartitionFetch f : fetches) {
            TopicIdPartition tip = f.partition();
            Errors error;
            if (ctx.replicaManager().partition(tip.topicPartition()).isEmpty()) {
                error = Topics.notHostedError(ctx, tip.topic(), tip.partition());
            } else if (f.currentLeaderEpoch().isPresent()) {
                error = Errors.UNKNOWN_LEADER_EPOCH;
            } else {
                error = Errors.NOT_LEADER_OR_FOLLOWER;
            }
            results.add(new PartitionFetchResult(tip, error, -1L, -1L, MemoryRecords.EMPTY));
        }
        return results;
    }

    /** A read_committed consumer's: those overlapping the records returned (Kafka sends an empty list, not null). */
    private static List<FetchResponseData.AbortedTransaction> abortedTransactions(PartitionFetchResult r) {
        return r.abortedTransactions() == null ? List.of() : r.abortedTransactions();
    }

    private static FetchResponseData response(List<PartitionFetchResult> results, boolean byId,
                                              boolean readCommitted, int sessionId) {
        FetchResponseData response = new FetchResponseData().setSessionId(sessionId).setErrorCode(Errors.NONE.code());
        FetchResponseData.FetchableTopicResponse current = null;
        for (PartitionFetchResult r : results) {
            TopicIdPartition tip = r.partition();
            boolean sameTopic = current != null && (byId ? current.topicId().equals(tip.topicId())
                    : current.topic().equals(tip.topic()));
            if (!sameTopic) {
                current = new FetchResponseData.FetchableTopicResponse();
                if (byId) {
                    current.setTopicId(tip.topicId());
                } else {
                    current.setTopic(tip.topic());
                }
                response.responses().add(current);
            }
            FetchResponseData.PartitionData pd = new FetchResponseData.PartitionData()
                    .setPartitionIndex(tip.partition())
                    .setErrorCode(r.error().code())
                    .setHighWatermark(r.highWatermark())
                    .setLastStableOffset(r.lastStableOffset() >= 0 ? r.lastStableOffset() : r.highWatermark())
                    .setLogStartOffset(r.logStartOffset())
                    .setPreferredReadReplica(r.preferredReadReplica())
                    .setAbortedTransactions(readCommitted ? abortedTransactions(r) : null)
                    .setRecords(r.records());
            if (r.divergingEpoch() != null) {
                pd.divergingEpoch().setEpoch(r.divergingEpoch().epoch()).setEndOffset(r.divergingEpoch().endOffset());
            }
            current.partitions().add(pd);
        }
        return response;
    }
}
