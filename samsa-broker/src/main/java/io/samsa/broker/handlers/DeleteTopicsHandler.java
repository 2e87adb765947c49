package io.samsa.broker.handlers;

import io.samsa.broker.BrokerContext;
import io.samsa.broker.quota.ControllerMutationQuota;
import io.samsa.network.Request;
import io.samsa.network.RequestHandler;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.message.DeleteTopicsRequestData;
import org.apache.kafka.common.message.DeleteTopicsResponseData;
import org.apache.kafka.common.message.DeleteTopicsResponseData.DeletableTopicResult;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.DeleteTopicsRequest;

/**
 * DeleteTopics (v1+): by name, or from v6 by name or id. Deletes from ZooKeeper, then the local logs.
 *
 * <p>As Kafka does, a topic named twice (or an id given twice) is answered once with INVALID_REQUEST and not
 * deleted, and from v6 an entry with both a name and an id, or neither, is INVALID_REQUEST. Without this, a request
 * naming one topic a thousand times made a thousand ZooKeeper round trips (seconds) to answer a thousand times.
 */
public final class DeleteTopicsHandler implements RequestHandler {
    private final BrokerContext ctx;

    public DeleteTopicsHandler(BrokerContext ctx) {
        this.ctx = ctx;
    }

    /** The request's entries sorted into what to delete and what to refuse. */
    private static final class Entries {
        final Set<String> names = new LinkedHashSet<>();
        final Set<Uuid> ids = new LinkedHashSet<>();
        final Set<String> duplicateNames = new LinkedHashSet<>();
        final Set<Uuid> duplicateIds = new LinkedHashSet<>();
        final List<DeletableTopicResult> invalid = new ArrayList<>();

        void name(String name) {
            if (duplicateNames.contains(name) || !names.add(name)) {
                names.remove(name);
                duplicateNames.add(name);
            }
        }

        void id(Uuid id) {
            if (duplicateIds.contains(id) || !ids.add(id)) {
                ids.remove(id);
                duplicateIds.add(id);
            }
        }
    }

    @Override
    public CompletableFuture<ApiMessage> handle(Request request) {
        DeleteTopicsRequestData data = request.body(DeleteTopicsRequest.class).data();
        short version = request.version();
        Entries entries = entries(data, version);
        return BlockingCall.run(ctx, () -> {
            DeleteTopicsResponseData response = new DeleteTopicsResponseData();
            // KIP-599: partitions deleted count against the client's controller_mutation_rate; v5+ can be refused.
            ControllerMutationQuota quota = ctx.clientQuotas().controllerMutations(request, version >= 5);
            response.responses().addAll(entries.invalid);
            for (String name : entries.duplicateNames) {
                response.responses().add(invalid(name, Uuid.ZERO_UUID, "Duplicate topic name.", version));
            }
            for (Uuid id : entries.duplicateIds) {
                response.responses().add(invalid(null, id, "Duplicate topic id.", version));
            }
            for (String name : entries.names) {
                response.responses().add(delete(request, name, null, version, quota));
            }
            for (Uuid id : entries.ids) {
                response.responses().add(delete(request, null, id, version, quota));
            }
            return response.setThrottleTimeMs(quota.throttleTimeMs());
        });
    }

    private static Entries entries(DeleteTopicsRequestData data, short version) {
        Entries e = new Entries();
        if (version < 6) {
            data.topicNames().forEach(e::name);
            return e;
        }
        for (DeleteTopicsRequestData.DeleteTopicState t : data.topics()) {
            boolean hasId = !Uuid.ZERO_UUID.equals(t.topicId());
            if (t.name() == null && !hasId) {
                e.invalid.add(invalid(null, Uuid.ZERO_UUID, "Neither topic name nor id were specified.", version));
            } else if (t.name() != null && hasId) {
                e.invalid.add(invalid(t.name(), t.topicId(), "You may not specify both topic name and topic id.",
                        version));
            } else if (hasId) {
                e.id(t.topicId());
            } else {
                e.name(t.name());
            }
        }
        return e;
    }

    private static DeletableTopicResult invalid(String name, Uuid id, String message, short version) {
        DeletableTopicResult r = new DeletableTopicResult().setName(name)
                .setErrorCode(Errors.INVALID_REQUEST.code());
        if (version >= 6) {
            r.setTopicId(id);
        }
        if (version >= 5) {
            r.setErrorMessage(message);
        }
        return r;
    }

    private DeletableTopicResult delete(Request request, String name, Uuid id, short version,
                                        ControllerMutationQuota quota) {
        DeletableTopicResult r = new DeletableTopicResult();
        if (version >= 6) {
            r.setTopicId(id == null ? Uuid.ZERO_UUID : id);
        }
        String topic = name;
        if (topic == null) {
            topic = Topics.nameOf(ctx, id).orElse(null);
            if (topic == null) {
                return r.setName(null).setErrorCode(Errors.UNKNOWN_TOPIC_ID.code())
                        .setErrorMessage("Topic id " + id + " does not exist.");
            }
        }
        r.setName(topic);
        if (version >= 6) {
            r.setTopicId(Topics.idOf(ctx, topic));
        }
        try {
            ctx.authorization().requireTopic(request, AclOperation.DELETE, topic);
            int partitions = ctx.metadata().topic(topic).map(m -> m.partitionCount()).orElse(0);
            quota.checkAllowed();
            ctx.topics().deleteTopic(topic);
            quota.record(partitions);
        } catch (ApiException e) {
            r.setErrorCode(Errors.forException(e).code());
            if (version >= 5) {
                r.setErrorMessage(e.getMessage());
            }
        }
        return r;
    }
}
