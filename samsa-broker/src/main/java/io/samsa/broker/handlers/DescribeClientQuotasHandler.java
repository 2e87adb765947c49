package io.samsa.broker.handlers;

import io.samsa.broker.BrokerContext;
import io.samsa.network.Request;
import io.samsa.network.RequestHandler;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.errors.InvalidRequestException;
import org.apache.kafka.common.errors.UnsupportedVersionException;
import org.apache.kafka.common.message.DescribeClientQuotasRequestData;
import org.apache.kafka.common.message.DescribeClientQuotasRequestData.ComponentData;
import org.apache.kafka.common.message.DescribeClientQuotasResponseData;
import org.apache.kafka.common.message.DescribeClientQuotasResponseData.EntityData;
import org.apache.kafka.common.message.DescribeClientQuotasResponseData.EntryData;
import org.apache.kafka.common.message.DescribeClientQuotasResponseData.ValueData;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.quota.ClientQuotaEntity;
import org.apache.kafka.common.requests.DescribeClientQuotasRequest;

/**
 * DescribeClientQuotas ({@code kafka-configs --describe --entity-type users|clients|ips}, AdminClient
 * {@code describeClientQuotas}): needs DESCRIBE_CONFIGS on the cluster; answers from this broker's copy of the stored
 * entity configs every entity that matches the filter and has quota values, with those values only (never a
 * user's SCRAM credentials). Filter components match a name exactly, the default entity of their kind, or any
 * entity of their kind; a strict filter wants entities of exactly those kinds. A malformed filter fails the whole
 * request with INVALID_REQUEST (UNSUPPORTED_VERSION for an unknown entity type), with Kafka's messages.
 */
public final class DescribeClientQuotasHandler implements RequestHandler {
    private final BrokerContext ctx;

    public DescribeClientQuotasHandler(BrokerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public CompletableFuture<ApiMessage> handle(Request request) {
        ctx.authorization().requireCluster(request, AclOperation.DESCRIBE_CONFIGS);
        DescribeClientQuotasRequestData data = request.body(DescribeClientQuotasRequest.class).data();
        DescribeClientQuotasResponseData response = new DescribeClientQuotasResponseData();
        try {
            Map<String, ComponentData> filter = filter(data);
            // Sorted by path, so answers are stable.
            for (Map.Entry<String, Map<String, String>> e : new TreeMap<>(ctx.entityConfigs().snapshot())
                    .entrySet()) {
                Optional<Map<String, String>> entity = ClientQuotaEntities.entity(e.getKey());
                if (entity.isEmpty() || !matches(entity.get(), filter, data.strict())) {
                    continue;
                }
                EntryData entry = new EntryData();
                for (String key : ClientQuotaEntities.keys(entity.get()).keySet()) {
                    String value = e.getValue().get(key);
                    if (value == null) {
                        continue;
                    }
                    try {
                        entry.values().add(new ValueData().setKey(key).setValue(Double.parseDouble(value)));
                    } catch (NumberFormatException unreadable) {
                        // Stored by hand and ignored by the quotas too: not a quota in force.
                    }
                }
                if (entry.values().isEmpty()) {
                    continue;
                }
                entity.get().forEach((type, name) ->
                        entry.entity().add(new EntityData().setEntityType(type).setEntityName(name)));
                response.entries().add(entry);
            }
        } catch (InvalidRequestException | UnsupportedVersionException e) {
            response.setErrorCode(Errors.forException(e).code()).setErrorMessage(e.getMessage()).setEntries(null);
        }
        return CompletableFuture.completedFuture(response);
    }

    private static Map<String, ComponentData> filter(DescribeClientQuotasRequestData data) {
        Map<String, ComponentData> byType = new HashMap<>();
        for (ComponentData c : data.components()) {
            if (c.entityType().isEmpty()) {
                throw new InvalidRequestException("Invalid empty entity type.");
            }
            if (byType.put(c.entityType(), c) != null) {
                throw new InvalidRequestException("Entity type " + c.entityType()
                        + " cannot appear more than once in the filter.");
            }
            if (!ClientQuotaEntity.isValidEntityType(c.entityType())) {
                throw new UnsupportedVersionException("Unsupported entity type " + c.entityType());
            }
            switch (c.matchType()) {
                case DescribeClientQuotasRequest.MATCH_TYPE_EXACT -> {
                    if (c.match() == null) {
                        throw new InvalidRequestException("Request specified MATCH_TYPE_EXACT, but set match "
                                + "string to null.");
                    }
                }
                case DescribeClientQuotasRequest.MATCH_TYPE_DEFAULT,
                     DescribeClientQuotasRequest.MATCH_TYPE_SPECIFIED -> {
                    if (c.match() != null) {
                        throw new InvalidRequestException("Request specified " + (c.matchType()
                                == DescribeClientQuotasRequest.MATCH_TYPE_DEFAULT ? "MATCH_TYPE_DEFAULT"
                                : "MATCH_TYPE_SPECIFIED") + ", but also specified a match string.");
                    }
                }
                default -> throw new InvalidRequestException("Unknown match type " + c.matchType());
            }
        }
        if (byType.containsKey(ClientQuotaEntity.IP)
                && (byType.containsKey(ClientQuotaEntity.USER) || byType.containsKey(ClientQuotaEntity.CLIENT_ID))) {
            throw new InvalidRequestException("Invalid entity filter component combination. IP filter component "
                    + "should not be used with user or clientId filter component.");
        }
        return byType;
    }

    private static boolean matches(Map<String, String> entity, Map<String, ComponentData> filter, boolean strict) {
        if (strict && !entity.keySet().equals(filter.keySet())) {
            return false;
        }
        for (ComponentData c : filter.values()) {
            if (!entity.containsKey(c.entityType())) {
                return false;
            }
            String name = entity.get(c.entityType());
            boolean ok = switch (c.matchType()) {
                case DescribeClientQuotasRequest.MATCH_TYPE_EXACT -> c.match().equals(name);
                case DescribeClientQuotasRequest.MATCH_TYPE_DEFAULT -> name == null;
                default -> true;
            };
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
