package io.samsa.broker.handlers;

import io.samsa.broker.BrokerContext;
import io.samsa.broker.txn.ProducerSequencer;
import io.samsa.broker.txn.TransactionVerifier;
import io.samsa.network.Request;
import io.samsa.network.RequestHandler;
import io.samsa.replication.Partition;
import io.samsa.storage.LogAppendInfo;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.errors.CorruptRecordException;
import org.apache.kafka.common.errors.InvalidRequestException;
import org.apache.kafka.common.errors.TransactionalIdAuthorizationException;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.message.ProduceResponseData.PartitionProduceResponse;
import org.apache.kafka.common.message.ProduceResponseData.TopicProduceResponse;
import org.apache.kafka.common.message.ProduceResponseData;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.BaseRecords;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.RecordBatch;
import org.apache.kafka.common.requests.ProduceRequest;
import org.apache.kafka.common.resource.ResourceType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Produce (v3+): appends each partition's batch to its leader log and answers with the assigned base offsets.
 * v13 names topics by id. Runs on the network thread: an append is a page-cache write.
 *
 * <p>Each partition stands alone, as in Kafka: it is either appended and answered with its offset, or not appended
 * and answered with its own error. A malformed batch, or an unexpected exception, in one partition never touches
 * another, and never turns the whole response into an error (a retrying client would duplicate the partitions that
 * were written). A partition named twice in one request is appended once, with the last record set named, and
 * answered once, which is what Kafka's map of partitions to records does.
 *
 * <p>Transactional batches are appended like idempotent ones, with the log's transactional checks (a plain batch
 * from a producer with an open transaction: INVALID_TXN_STATE). As in Kafka, transactional batches in a request
 * without a transactional id fail the whole request (TRANSACTIONAL_ID_AUTHORIZATION_FAILED), and a transactional id
 * with plain batches is accepted. A producer's first transactional batch in a partition (its log has no transaction
 * of that producer open at that epoch) waits for the coordinator ({@link TransactionVerifier}): from v12
 * (transactions v2) the partition is added to the transaction; before, it is verified to be in it (KIP-890 part 1,
 * {@code transaction.partition.verification.enable}). A partition that fails is answered with the coordinator's
 * error as producers understand it ({@link #verificationError}) and not appended. Meanwhile the producer's later
 * requests wait ({@link ProducerSequencer}), so its appends keep their order.
 *
 * <p>acks=all answers once the ISR holds every appended partition's batch (the high watermark passed it), or with
 * REQUEST_TIMED_OUT after the request's timeout, or NOT_LEADER_OR_FOLLOWER if leadership moved meanwhile; an ISR
 * below {@code min.insync.replicas} refuses the append with NOT_ENOUGH_REPLICAS before anything is written.
 *
 * <p>acks=0 gets no response; if any partition failed, the connection is closed instead, as Kafka does, so the
 * client notices.
 */
public final class ProduceHandler implements RequestHandler {
    private static final Logger log = LoggerFactory.getLogger(ProduceHandler.class);

    /** The first version of transactions v2: the leader adds the partition to the transaction (KIP-890 part 2). */
    static final short FIRST_TRANSACTION_V2_VERSION = 12;
    /** The last version whose clients do not know TRANSACTION_ABORTABLE. */
    static final short LAST_DEFAULT_ERROR_VERSION = 10;

    private final BrokerContext ctx;
    private final ProducerSequencer sequencer = new ProducerSequencer();

    public ProduceHandler(BrokerContext ctx) {
        this.ctx = ctx;
    }

    /** One partition of the request, addressed by name (v3-v12) or by topic id (v13+). */
    private record Target(Uuid topicId, String topicName, int partition) {
    }

    /**
     * Whether any partition of the request starts with a transactional batch (Kafka looks at each partition's first
     * batch). A partition whose first batch header cannot be read does not count: its own validation rejects it as
     * CORRUPT_MESSAGE, where kafka-clients' {@code RequestUtils} would throw and fail the whole request.
     */
    private static boolean hasTransactionalBatch(ProduceRequestData data) {
        for (ProduceRequestData.TopicProduceData t : data.topicData()) {
            for (ProduceRequestData.PartitionProduceData p : t.partitionData()) {
                if (p.records() instanceof MemoryRecords records && startsTransactional(records)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean startsTransactional(MemoryRecords records) {
        RecordBatch first = firstBatch(records);
        return first != null && first.isTransactional();
    }

    @Override
    public CompletableFuture<ApiMessage> handle(Request request) {
        ProduceRequest body = request.body(ProduceRequest.class);
        ProduceRequestData data = body.data();
        if (data.transactionalId() == null && hasTransactionalBatch(data)) {
            // Kafka's rule: transactional batches need the request's transactional id (whose WRITE permission Kafka
            // checks); without one the whole request fails. A transactional id with plain batches is accepted.
            return CompletableFuture.failedFuture(new TransactionalIdAuthorizationException(
                    "Transactional records in a produce request without a transactional id"));
        }
        if (data.transactionalId() != null && !ctx.authorization().allowed(request, AclOperation.WRITE,
                ResourceType.TRANSACTIONAL_ID, data.transactionalId())) {
            return CompletableFuture.failedFuture(new TransactionalIdAuthorizationException(
                    "Not authorized to write with transactional id " + data.transactionalId()));
        }
        short acks = data.acks();
        short version = request.version();
        boolean byId = version >= 13;
        // Duplicates collapse here: the last record set named for a partition is the one appended.
        Map<Target, BaseRecords> targets = new LinkedHashMap<>();
        for (ProduceRequestData.TopicProduceData t : data.topicData()) {
            for (ProduceRequestData.PartitionProduceData p : t.partitionData()) {
                Target target = byId ? new Target(t.topicId(), null, p.index()) : new Target(null, t.name(), p.index());
                targets.remove(target); // so the response keeps the order of the last occurrence
                targets.put(target, p.records());
            }
        }
        Set<String> denied = deniedTopics(request, targets.keySet());
        Verification verification = data.transactionalId() == null ? null
                : planVerification(data.transactionalId(), targets, version, denied);
        if (verification == null || (verification.partitions().isEmpty() && sequencer.isIdle(verification.pid()))) {
            return respond(appendAll(targets, acks, version, Map.of(), denied), acks, data.timeoutMs());
        }
        // The producer's first batch of a transaction here: the coordinator is asked first (KIP-890), and the
        // producer's later requests wait behind this one so its appends keep their order. The request's frame is
        // released when handle() returns, so the records that wait are copied out of it first.
        Map<Target, BaseRecords> owned = ownedCopy(targets);
        return sequencer.after(verification.pid(), () -> verify(verification)
                        .thenApply(errors -> appendAll(owned, acks, version, sequencer.settle(verification.pid(),
                                verification.epoch(), verification.partitions(), errors,
                                ctx.time().milliseconds()), denied)))
                .thenCompose(outcome -> respond(outcome, acks, data.timeoutMs()));
    }

    /** The record sets of {@code targets} copied to the heap, so they outlive the request's frame. */
    private static Map<Target, BaseRecords> ownedCopy(Map<Target, BaseRecords> targets) {
        Map<Target, BaseRecords> owned = new LinkedHashMap<>();
        targets.forEach((target, records) -> {
            if (records instanceof MemoryRecords memory) {
                ByteBuffer source = memory.buffer().duplicate();
                ByteBuffer copy = ByteBuffer.allocate(source.remaining());
                copy.put(source).flip();
                owned.put(target, MemoryRecords.readableRecords(copy));
            } else {
                owned.put(target, records);
            }
        });
        return owned;
    }

    /**
     * What a transactional request needs from the coordinator: the producer, and the partitions this broker leads
     * whose log has no transaction of the producer open at its epoch, with the base sequence of their first batch.
     * {@code add} for transactions v2 producers (Produce v12+), which the leader adds to the transaction; otherwise
     * they are only verified, if {@code transaction.partition.verification.enable}.
     */
    private record Verification(String transactionalId, long pid, short epoch,
                                Map<TopicPartition, Integer> partitions, boolean add) {
    }

    /** The topics the principal may not WRITE to: none, without allocating, when authorization is off. */
    private Set<String> deniedTopics(Request request, Set<Target> targets) {
        if (!ctx.authorization().enabled()) {
            return Set.of();
        }
        Set<String> denied = new HashSet<>();
        for (Target t : targets) {
            TopicPartition tp = resolve(t);
            if (tp != null
                    && !ctx.authorization().allowed(request, AclOperation.WRITE, ResourceType.TOPIC, tp.topic())) {
                denied.add(tp.topic());
            }
        }
        return denied;
    }

    private Verification planVerification(String transactionalId, Map<Target, BaseRecords> targets, short version,
                                          Set<String> denied) {
        boolean add = version >= FIRST_TRANSACTION_V2_VERSION;
        boolean verify = add || ctx.config().transactionPartitionVerificationEnable();
        long pid = RecordBatch.NO_PRODUCER_ID;
        short epoch = RecordBatch.NO_PRODUCER_EPOCH;
        Map<TopicPartition, Integer> unverified = new HashMap<>();
        for (Map.Entry<Target, BaseRecords> e : targets.entrySet()) {
            if (!(e.getValue() instanceof MemoryRecords records)) {
                continue;
            }
            RecordBatch first = firstBatch(records);
            if (first == null || !first.isTransactional() || !first.hasProducerId()) {
                continue;
            }
            if (pid == RecordBatch.NO_PRODUCER_ID) {
                pid = first.producerId();
                epoch = first.producerEpoch();
            } else if (pid != first.producerId() || epoch != first.producerEpoch()) {
                // Kafka refuses such a request whole; here each partition's own checks answer it.
                continue;
            }
            if (!verify) {
                continue;
            }
            TopicPartition tp = resolve(e.getKey());
            if (tp != null && denied.contains(tp.topic())) {
                continue;
            }
            Optional<Partition> partition = tp == null ? Optional.empty() : ctx.replicaManager().partition(tp);
            if (partition.isPresent() && partition.get().isLeader()
                    && !partition.get().hasOngoingTransaction(pid, epoch)) {
                unverified.put(tp, first.baseSequence());
            }
        }
        return pid == RecordBatch.NO_PRODUCER_ID ? null
                : new Verification(transactionalId, pid, epoch, unverified, add);
    }

    private CompletableFuture<Map<TopicPartition, Errors>> verify(Verification v) {
        if (v.partitions().isEmpty()) {
            return CompletableFuture.completedFuture(Map.of());
        }
        return ctx.transactionVerifier().addOrVerify(v.transactionalId(), v.pid(), v.epoch(), v.partitions().keySet(),
                v.add());
    }

    /** The first batch of a record set, or null if there is none or its header cannot be read. */
    private static RecordBatch firstBatch(MemoryRecords records) {
        try {
            var batches = records.batches().iterator();
            return batches.hasNext() ? batches.next() : null;
        } catch (RuntimeException corrupt) {
            return null;
        }
    }

    private TopicPartition resolve(Target target) {
        String topic = target.topicId() == null ? target.topicName()
                : Topics.nameOf(ctx, target.topicId()).orElse(null);
        return topic == null ? null : new TopicPartition(topic, target.partition());
    }

    /**
     * A coordinator's verification error as the producer understands it (Kafka's ReplicaManager): fenced is
     * INVALID_PRODUCER_EPOCH; TRANSACTION_ABORTABLE is INVALID_TXN_STATE before v11; a coordinator that cannot answer
     * now is NOT_ENOUGH_REPLICAS, which every producer retries without a metadata refresh.
     */
    static Errors verificationError(Errors error, short version) {
        return switch (error) {
            case PRODUCER_FENCED -> Errors.INVALID_PRODUCER_EPOCH;
            case TRANSACTION_ABORTABLE -> version <= LAST_DEFAULT_ERROR_VERSION ? Errors.INVALID_TXN_STATE : error;
            case CONCURRENT_TRANSACTIONS, NETWORK_EXCEPTION, COORDINATOR_LOAD_IN_PROGRESS, COORDINATOR_NOT_AVAILABLE,
                 NOT_COORDINATOR, REQUEST_TIMED_OUT -> Errors.NOT_ENOUGH_REPLICAS;
            default -> error;
        };
    }

    /** The appends of one request: the response so far, and what acks=all waits for. */
    private record Outcome(ProduceResponseData response, Map<Partition, Long> awaiting,
                           Map<TopicPartition, PartitionProduceResponse> awaitingResponses, boolean anyError) {
    }

    private Outcome appendAll(Map<Target, BaseRecords> targets, short acks, short version,
                              Map<TopicPartition, Errors> verificationErrors, Set<String> denied) {
        boolean byId = version >= 13;
        ProduceResponseData response = new ProduceResponseData();
        Map<Object, TopicProduceResponse> byTopic = new LinkedHashMap<>();
        Map<Partition, Long> awaiting = new HashMap<>();
        Map<TopicPartition, PartitionProduceResponse> awaitingResponses = new HashMap<>();
        boolean anyError = false;
        for (Map.Entry<Target, BaseRecords> e : targets.entrySet()) {
            Target target = e.getKey();
            Appended appended = append(target, e.getValue(), acks, version, verificationErrors, denied);
            PartitionProduceResponse pr = appended.response();
            anyError |= pr.errorCode() != Errors.NONE.code();
            if (acks == -1 && appended.partition() != null) {
                awaiting.put(appended.partition(), appended.requiredOffset());
                awaitingResponses.put(appended.partition().topicPartition(), pr);
            }
            TopicProduceResponse tr = byTopic.computeIfAbsent(byId ? target.topicId() : target.topicName(), k -> {
                TopicProduceResponse created = byId ? new TopicProduceResponse().setTopicId(target.topicId())
                        : new TopicProduceResponse().setName(target.topicName());
                response.responses().add(created);
                return created;
            });
            tr.partitionResponses().add(pr);
        }
        return new Outcome(response, awaiting, awaitingResponses, anyError);
    }

    private CompletableFuture<ApiMessage> respond(Outcome outcome, short acks, int timeoutMs) {
        if (acks == 0) {
            return outcome.anyError()
                    ? CompletableFuture.failedFuture(new InvalidRequestException("acks=0 produce failed"))
                    : CompletableFuture.completedFuture(null);
        }
        if (outcome.awaiting().isEmpty()) {
            return CompletableFuture.completedFuture(outcome.response());
        }
        // acks=all: answer once every appended partition is replicated to its ISR, or failed, or timed out.
        return ctx.replicaManager().awaitReplication(outcome.awaiting(), Math.max(0, timeoutMs)).thenApply(errors -> {
            errors.forEach((tp, error) -> {
                if (error != Errors.NONE) {
                    fail(outcome.awaitingResponses().get(tp), error, null);
                }
            });
            return outcome.response();
        });
    }

    /** One partition's outcome: its response, and for a successful append the partition and offset to wait for. */
    private record Appended(PartitionProduceResponse response, Partition partition, long requiredOffset) {
        static Appended failed(PartitionProduceResponse response) {
            return new Appended(response, null, -1L);
        }
    }

    private Appended append(Target target, BaseRecords records, short acks, short version,
                            Map<TopicPartition, Errors> verificationErrors, Set<String> denied) {
        PartitionProduceResponse pr = new PartitionProduceResponse().setIndex(target.partition());
        if (acks != 0 && acks != 1 && acks != -1) {
            return Appended.failed(fail(pr, Errors.INVALID_REQUIRED_ACKS, "Invalid required acks " + acks));
        }
        String topic = target.topicName();
        if (target.topicId() != null) {
            topic = Topics.nameOf(ctx, target.topicId()).orElse(null);
            if (topic == null) {
                return Appended.failed(fail(pr, Errors.UNKNOWN_TOPIC_ID, null));
            }
        }
        if (denied.contains(topic)) {
            return Appended.failed(fail(pr, Errors.TOPIC_AUTHORIZATION_FAILED, null));
        }
        TopicPartition tp = new TopicPartition(topic, target.partition());
        Optional<Partition> partition = ctx.replicaManager().partition(tp);
        if (partition.isEmpty() || (target.topicId() != null && !partition.get().topicId().equals(target.topicId()))) {
            return Appended.failed(fail(pr, Topics.notHostedError(ctx, topic, target.partition()), null));
        }
        Errors unverified = verificationErrors.get(tp);
        if (unverified != null) {
            Errors error = verificationError(unverified, version);
            return Appended.failed(fail(pr, error, error == Errors.NOT_ENOUGH_REPLICAS
                    ? "Unable to verify the partition has been added to the transaction. Underlying error: "
                    + unverified : error == Errors.INVALID_TXN_STATE ? "Partition was not added to the transaction"
                    : null));
        }
        if (!(records instanceof MemoryRecords memoryRecords)) {
            // A null record set, or one kafka-clients did not parse into memory records: nothing to append.
            return Appended.failed(fail(pr, Errors.INVALID_RECORD, "Produce request for " + tp
                    + " carries no record set"));
        }
        try {
            validateRecordSet(version, memoryRecords);
            LogAppendInfo info = partition.get().appendAsLeader(memoryRecords, acks);
            pr.setBaseOffset(info.firstOffset())
                    .setLogAppendTimeMs(info.logAppendTime())
                    .setLogStartOffset(info.logStartOffset());
            return new Appended(pr, partition.get(), info.lastOffset() + 1);
        } catch (ApiException e) {
            return Appended.failed(ProduceErrors.fill(pr, e));
        } catch (RuntimeException e) {
            // Validation happens before anything is written, so an unexpected failure leaves the log as it was;
            // only this partition reports it.
            log.error("Unexpected error appending to {}", tp, e);
            return Appended.failed(fail(pr, Errors.UNKNOWN_SERVER_ERROR, null));
        }
    }

    /**
     * Kafka's own rules for the request: exactly one batch of magic 2, no zstd before v7. kafka-clients' check walks
     * the batches by their length fields, and a length near Integer.MAX_VALUE makes it fail with an
     * IllegalArgumentException rather than an ApiException: that is a corrupt record set, not a broker fault.
     */
    private static void validateRecordSet(short version, MemoryRecords records) {
        try {
            ProduceRequest.validateRecords(version, records);
        } catch (ApiException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new CorruptRecordException("Record set cannot be read: " + e.getMessage(), e);
        }
    }

    static PartitionProduceResponse fail(PartitionProduceResponse pr, Errors error, String message) {
        return pr.setErrorCode(error.code())
                .setErrorMessage(message)
                .setBaseOffset(-1L)
                .setLogAppendTimeMs(-1L)
                .setLogStartOffset(-1L);
    }
}
