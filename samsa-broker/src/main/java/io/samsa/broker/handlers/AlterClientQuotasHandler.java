package io.samsa.broker.handlers;

import io.samsa.broker.BrokerContext;
import io.samsa.network.Request;
import io.samsa.network.RequestHandler;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.errors.InvalidRequestException;
import org.apache.kafka.common.message.AlterClientQuotasRequestData;
import org.apache.kafka.common.message.AlterClientQuotasResponseData;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.quota.ClientQuotaEntity;
import org.apache.kafka.common.requests.AlterClientQuotasRequest;

/**
 * AlterClientQuotas ({@code kafka-configs --alter --entity-type users|clients|ips}, AdminClient
 * {@code alterClientQuotas}): needs ALTER_CONFIGS on the cluster; sets or removes each entity's quota values in the
 * entity config store (ZooKeeper), from where every broker applies them. Each entry succeeds or fails alone, with
 * KRaft Kafka's checks and messages: a known, non-empty entity named once in the request (an IP only on its own,
 * and a literal address), keys its kind of entity takes, each key once, values above 0 and whole numbers within
 * range for the LONG and INT keys. {@code validate_only} checks without writing. Only quota keys are ever changed:
 * a user's SCRAM credentials beside them stay. Writes block on ZooKeeper, so they run on the blocking executor.
 */
public final class AlterClientQuotasHandler implements RequestHandler {
    private final BrokerContext ctx;

    public AlterClientQuotasHandler(BrokerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public CompletableFuture<ApiMessage> handle(Request request) {
        ctx.authorization().requireCluster(request, AclOperation.ALTER_CONFIGS);
        AlterClientQuotasRequestData data = request.body(AlterClientQuotasRequest.class).data();
        return BlockingCall.run(ctx, () -> {
            // Kafka answers once per entity, so an entity altered twice in one request is refused in every entry.
            Map<Map<String, String>, Long> times = data.entries().stream()
                    .collect(Collectors.groupingBy(AlterClientQuotasHandler::entityMap, Collectors.counting()));
            AlterClientQuotasResponseData response = new AlterClientQuotasResponseData();
            for (AlterClientQuotasRequestData.EntryData entry : data.entries()) {
                AlterClientQuotasResponseData.EntryData result = new AlterClientQuotasResponseData.EntryData();
                entry.entity().forEach(e -> result.entity().add(new AlterClientQuotasResponseData.EntityData()
                        .setEntityType(e.entityType()).setEntityName(e.entityName())));
                try {
                    if (times.get(entityMap(entry)) > 1) {
                        throw new InvalidRequestException("Ignoring duplicate entity " + describe(entry));
                    }
                    alter(entry, data.validateOnly());
                    result.setErrorCode(Errors.NONE.code());
                } catch (ApiException e) {
                    result.setErrorCode(Errors.forException(e).code()).setErrorMessage(e.getMessage());
                }
                response.entries().add(result);
            }
            return response;
        });
    }

    private void alter(AlterClientQuotasRequestData.EntryData entry, boolean validateOnly) {
        Map<String, String> entity = new LinkedHashMap<>();
        for (AlterClientQuotasRequestData.EntityData e : entry.entity()) {
            if (entity.containsKey(e.entityType())) {
                throw new InvalidRequestException("Invalid client quota entity, duplicate entity entry "
                        + e.entityType());
            }
            entity.put(e.entityType(), e.entityName());
        }
        String path = ClientQuotaEntities.path(entity);
        Map<String, ClientQuotaEntities.ValueType> keys = ClientQuotaEntities.keys(entity);
        // Each key's new value; null removes it.
        Map<String, String> changes = new HashMap<>();
        for (AlterClientQuotasRequestData.OpData op : entry.ops()) {
            if (changes.containsKey(op.key())) {
                throw new InvalidRequestException("Duplicate quota key " + op.key()
                        + " not updating quota for this entity " + describe(entry));
            }
            ClientQuotaEntities.ValueType type = keys.get(op.key());
            // Kafka lets the removal of a key no quota has pass unchecked; refusing it keeps this API off the
            // other keys stored beside quotas (SCRAM credentials).
            if (type == null) {
                throw new InvalidRequestException("Invalid configuration key " + op.key());
            }
            changes.put(op.key(), op.remove() ? null : type.render(op.key(), op.value()));
        }
        if (validateOnly || changes.isEmpty()) {
            return;
        }
        ctx.entityConfigs().update(path, stored -> {
            Map<String, String> next = new HashMap<>(stored);
            changes.forEach((key, value) -> {
                if (value == null) {
                    next.remove(key);
                } else {
                    next.put(key, value);
                }
            });
            return next;
        });
    }

    /** The entity as entity type to name, in any order (null names allowed, a repeated type once). */
    private static Map<String, String> entityMap(AlterClientQuotasRequestData.EntryData entry) {
        Map<String, String> entity = new HashMap<>();
        entry.entity().forEach(e -> entity.put(e.entityType(), e.entityName()));
        return entity;
    }

    /** The entity as Kafka prints it in its messages. */
    private static String describe(AlterClientQuotasRequestData.EntryData entry) {
        return new ClientQuotaEntity(entityMap(entry)).toString();
    }
}
