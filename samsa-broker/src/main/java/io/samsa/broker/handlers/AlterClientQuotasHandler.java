package io.samsa.broker.handlers;

import io.samsa.broker.BrokerContext;
import io.samsa.network.Request;
import io.samsa.network.RequestHandler;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.errors.InvalidRequestException;
import org.apache.kafka.common.message.AlterClientQuotasRequestData;
import org.apache.kafka.common.message.AlterClientQuotasResponseData;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AlterClientQuotasRequest;

/**
 * AlterClientQuotas ({@code kafka-configs --alter --entity-type users|clients|ips}, AdminClient
 * {@code alterClientQuotas}): needs ALTER_CONFIGS on the cluster; sets or removes each entity's quota values in the
 * entity config store (ZooKeeper), from where every broker applies them. Each entry succeeds or fails alone, with
 * Kafka's checks: a known, non-empty entity (an IP only on its own, and a literal address), keys its kind of entity
 * takes, whole numbers for the byte rates and the connection rate, no negative or non-finite value, and each key
 * once. {@code validate_only} checks without writing. Only quota keys are ever changed: a user's SCRAM credentials
 * beside them stay. Writes block on ZooKeeper, so they run on the blocking executor.
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
            AlterClientQuotasResponseData response = new AlterClientQuotasResponseData();
            for (AlterClientQuotasRequestData.EntryData entry : data.entries()) {
                AlterClientQuotasResponseData.EntryData result = new AlterClientQuotasResponseData.EntryData();
                entry.entity().forEach(e -> result.entity().add(new AlterClientQuotasResponseData.EntityData()
                        .setEntityType(e.entityType()).setEntityName(e.entityName())));
                try {
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
                throw new InvalidRequestException("Duplicate " + e.entityType() + " entity type in client quota "
                        + "entity");
            }
            entity.put(e.entityType(), e.entityName());
        }
        String path = ClientQuotaEntities.path(entity);
        Map<String, Boolean> keys = ClientQuotaEntities.keys(entity);
        // Each key's new value; null removes it.
        Map<String, String> changes = new HashMap<>();
        for (AlterClientQuotasRequestData.OpData op : entry.ops()) {
            Boolean wholeNumber = keys.get(op.key());
            if (wholeNumber == null) {
                throw new InvalidRequestException("Invalid configuration key " + op.key());
            }
            if (changes.containsKey(op.key())) {
                throw new InvalidRequestException("Duplicate quota key " + op.key() + " for one entity");
            }
            changes.put(op.key(), op.remove() ? null : render(op.key(), op.value(), wholeNumber));
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

    private static String render(String key, double value, boolean wholeNumber) {
        if (Double.isNaN(value) || Double.isInfinite(value) || value < 0) {
            throw new InvalidRequestException("Invalid value " + value + " for " + key + ": a quota is a finite "
                    + "number of at least 0");
        }
        if (wholeNumber) {
            if (value != Math.rint(value) || value > Long.MAX_VALUE) {
                throw new InvalidRequestException("Configuration " + key + " must be a Long value");
            }
            return Long.toString((long) value);
        }
        return Double.toString(value);
    }
}
