package io.samsa.broker.auth;

import io.samsa.network.Request;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.ClusterAuthorizationException;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.resource.Resource;
import org.apache.kafka.common.resource.ResourceType;

/**
 * The one place request handlers ask whether the request's principal may do something (reached through
 * {@code BrokerContext.authorization()}): single checks, the cluster check that fails a whole request, batch
 * filters for per-topic and per-group lists, and the authorized-operations bit fields of Metadata,
 * DescribeCluster and DescribeGroups. With authorization off every check answers yes at once, without allocating,
 * so the produce and fetch paths pay one field read.
 */
public final class Authorization {
    /** Authorization off: {@code authorizer.class.name} unset. */
    public static final Authorization OFF = new Authorization(null);

    /** Kafka's operations per resource type, for authorized-operations bit fields. */
    private static final Set<AclOperation> TOPIC_OPS = EnumSet.of(AclOperation.READ, AclOperation.WRITE,
            AclOperation.CREATE, AclOperation.DESCRIBE, AclOperation.DELETE, AclOperation.ALTER,
            AclOperation.DESCRIBE_CONFIGS, AclOperation.ALTER_CONFIGS);
    private static final Set<AclOperation> GROUP_OPS = EnumSet.of(AclOperation.READ, AclOperation.DESCRIBE,
            AclOperation.DELETE, AclOperation.DESCRIBE_CONFIGS, AclOperation.ALTER_CONFIGS);
    private static final Set<AclOperation> CLUSTER_OPS = EnumSet.of(AclOperation.CREATE, AclOperation.CLUSTER_ACTION,
            AclOperation.DESCRIBE_CONFIGS, AclOperation.ALTER_CONFIGS, AclOperation.IDEMPOTENT_WRITE,
            AclOperation.ALTER, AclOperation.DESCRIBE);

    private final AclAuthorizer authorizer;

    public Authorization(AclAuthorizer authorizer) {
        this.authorizer = authorizer;
    }

    public boolean enabled() {
        return authorizer != null;
    }

    /** The authorizer, for the ACL APIs; empty when authorization is off. */
    public Optional<AclAuthorizer> authorizer() {
        return Optional.ofNullable(authorizer);
    }

    public boolean allowed(Request request, AclOperation op, ResourceType type, String name) {
        return authorizer == null
                || authorizer.authorize(request.connection().principal(), host(request), op, type, name);
    }

    public boolean allowedOnCluster(Request request, AclOperation op) {
        return allowed(request, op, ResourceType.CLUSTER, Resource.CLUSTER_NAME);
    }

    /** Fails the whole request with CLUSTER_AUTHORIZATION_FAILED unless the principal may {@code op} the cluster. */
    public void requireCluster(Request request, AclOperation op) {
        if (!allowedOnCluster(request, op)) {
            throw new ClusterAuthorizationException("Request " + request.apiKey() + " needs " + op
                    + " on the cluster");
        }
    }

    /**
     * Fails the request (or the item being handled) with the type's {@code *_AUTHORIZATION_FAILED} unless the
     * principal may {@code op} the named resource.
     */
    public void require(Request request, AclOperation op, ResourceType type, String name) {
        if (!allowed(request, op, type, name)) {
            throw error(type).exception("Not authorized to " + op + " " + type + " " + name);
        }
    }

    public void requireTopic(Request request, AclOperation op, String topic) {
        require(request, op, ResourceType.TOPIC, topic);
    }

    public void requireGroup(Request request, AclOperation op, String group) {
        require(request, op, ResourceType.GROUP, group);
    }

    public void requireTransactionalId(Request request, AclOperation op, String transactionalId) {
        require(request, op, ResourceType.TRANSACTIONAL_ID, transactionalId);
    }

    /** Kafka's rule for creating a topic: CREATE on the cluster, or else CREATE on the topic. */
    public void requireTopicCreate(Request request, String topic) {
        if (!allowedOnCluster(request, AclOperation.CREATE)) {
            requireTopic(request, AclOperation.CREATE, topic);
        }
    }

    /**
     * Kafka's check for a config resource ({@code ConfigResource.Type} id): topics are checked on the topic, broker
     * and broker-logger configs on the cluster. Throws the matching {@code *AuthorizationException}.
     */
    public void requireConfigAccess(Request request, byte configResourceType, String name, AclOperation op) {
        ConfigResource.Type type = ConfigResource.Type.forId(configResourceType);
        if (type == ConfigResource.Type.TOPIC) {
            requireTopic(request, op, name);
        } else if (type == ConfigResource.Type.BROKER || type == ConfigResource.Type.BROKER_LOGGER) {
            requireCluster(request, op);
        }
    }

    /** Whether the principal may {@code op} some resource of {@code type} (Kafka's authorizeByResourceType). */
    public boolean allowedAny(Request request, AclOperation op, ResourceType type) {
        return authorizer == null || authorizer.authorizeAny(request.connection().principal(), host(request), op,
                type);
    }

    /**
     * The items whose resource the principal may {@code op}, in order; the same list when authorization is off.
     * Each distinct name is checked once.
     */
    public <T> List<T> filter(Request request, AclOperation op, ResourceType type, List<T> items,
                              Function<T, String> name) {
        if (authorizer == null) {
            return items;
        }
        List<T> out = new ArrayList<>(items.size());
        java.util.Map<String, Boolean> decided = new java.util.HashMap<>();
        for (T item : items) {
            if (decided.computeIfAbsent(name.apply(item), n -> allowed(request, op, type, n))) {
                out.add(item);
            }
        }
        return out;
    }

    /** The names among {@code names} the principal may {@code op}; all of them when authorization is off. */
    public Set<String> allowedNames(Request request, AclOperation op, ResourceType type, Collection<String> names) {
        Set<String> out = new java.util.HashSet<>();
        for (String n : names) {
            if (allowed(request, op, type, n)) {
                out.add(n);
            }
        }
        return out;
    }

    /**
     * The authorized-operations bit field of a resource ({@code 1 << operation code} per operation the principal
     * may perform), as Kafka fills it: every operation of the type when authorization is off.
     */
    public int authorizedOperations(Request request, ResourceType type, String name) {
        int bits = 0;
        for (AclOperation op : operations(type)) {
            if (allowed(request, op, type, name)) {
                bits |= 1 << op.code();
            }
        }
        return bits;
    }

    private static Set<AclOperation> operations(ResourceType type) {
        return switch (type) {
            case TOPIC -> TOPIC_OPS;
            case GROUP -> GROUP_OPS;
            case CLUSTER -> CLUSTER_OPS;
            default -> Set.of();
        };
    }

    /** The error a denied check on {@code type} answers, as Kafka's. */
    public static Errors error(ResourceType type) {
        return switch (type) {
            case TOPIC -> Errors.TOPIC_AUTHORIZATION_FAILED;
            case GROUP -> Errors.GROUP_AUTHORIZATION_FAILED;
            case CLUSTER -> Errors.CLUSTER_AUTHORIZATION_FAILED;
            case TRANSACTIONAL_ID -> Errors.TRANSACTIONAL_ID_AUTHORIZATION_FAILED;
            case DELEGATION_TOKEN -> Errors.DELEGATION_TOKEN_AUTHORIZATION_FAILED;
            default -> throw new IllegalArgumentException("No authorization error for " + type);
        };
    }

    private static InetAddress host(Request request) {
        return request.clientAddress() instanceof InetSocketAddress a ? a.getAddress() : null;
    }
}
