package io.samsa.broker.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.samsa.metadata.AclStore;
import io.samsa.network.ClientConnection;
import io.samsa.network.Request;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.UnaryOperator;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.ClusterAuthorizationException;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.requests.RequestHeader;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.security.auth.KafkaPrincipal;
import org.apache.kafka.common.security.auth.SecurityProtocol;
import org.junit.jupiter.api.Test;

class AuthorizationTest {
    private static final Request ALICE = new Request(new RequestHeader(ApiKeys.METADATA, (short) 12, "c", 1), null,
            new ClientConnection("1", new InetSocketAddress("127.0.0.1", 5000), "SSL", SecurityProtocol.SSL,
                    new KafkaPrincipal("User", "CN=alice")));

    /** Holds what it is given; no watches. */
    private static final class Store implements AclStore {
        private final Map<ResourcePattern, Set<AccessControlEntry>> acls = new java.util.HashMap<>();

        @Override
        public Map<ResourcePattern, Set<AccessControlEntry>> start(
                BiConsumer<ResourcePattern, Set<AccessControlEntry>> onChange) {
            return Map.of();
        }

        @Override
        public Set<AccessControlEntry> update(ResourcePattern resource, UnaryOperator<Set<AccessControlEntry>> c) {
            Set<AccessControlEntry> next = Set.copyOf(c.apply(acls.getOrDefault(resource, Set.of())));
            acls.put(resource, next);
            return next;
        }

        @Override
        public void close() {
        }
    }

    private static Authorization aliceReadsOrders() {
        ZkAclAuthorizer authorizer = new ZkAclAuthorizer(new Store(), List.of(), false).start();
        authorizer.createAcls(List.of(new AclBinding(new ResourcePattern(ResourceType.TOPIC, "orders",
                PatternType.LITERAL), new AccessControlEntry("User:CN=alice", "127.0.0.1", AclOperation.READ,
                AclPermissionType.ALLOW))));
        return new Authorization(authorizer);
    }

    @Test
    void offAllowsEverythingAndHandsListsBackUnchanged() {
        List<String> topics = List.of("a", "b");
        assertThat(Authorization.OFF.filter(ALICE, AclOperation.READ, ResourceType.TOPIC, topics, t -> t))
                .isSameAs(topics);
        assertThat(Authorization.OFF.allowedOnCluster(ALICE, AclOperation.ALTER)).isTrue();
        int all = Authorization.OFF.authorizedOperations(ALICE, ResourceType.TOPIC, "a");
        assertThat(Integer.bitCount(all)).isEqualTo(8);
    }

    @Test
    void filtersBatchesAndFillsAuthorizedOperations() {
        Authorization authz = aliceReadsOrders();
        assertThat(authz.filter(ALICE, AclOperation.READ, ResourceType.TOPIC, List.of("orders", "secret", "orders"),
                t -> t)).containsExactly("orders", "orders");
        int bits = authz.authorizedOperations(ALICE, ResourceType.TOPIC, "orders");
        assertThat(bits).isEqualTo((1 << AclOperation.READ.code()) | (1 << AclOperation.DESCRIBE.code()));
    }

    @Test
    void requireThrowsTheResourceTypesError() {
        Authorization authz = aliceReadsOrders();
        assertThatThrownBy(() -> authz.requireGroup(ALICE, AclOperation.READ, "g"))
                .isInstanceOf(GroupAuthorizationException.class);
        assertThatThrownBy(() -> authz.requireConfigAccess(ALICE, ConfigResource.Type.TOPIC.id(), "orders",
                AclOperation.DESCRIBE_CONFIGS)).isInstanceOf(TopicAuthorizationException.class);
        assertThatThrownBy(() -> authz.requireConfigAccess(ALICE, ConfigResource.Type.BROKER.id(), "0",
                AclOperation.DESCRIBE_CONFIGS)).isInstanceOf(ClusterAuthorizationException.class);
        authz.requireTopic(ALICE, AclOperation.DESCRIBE, "orders");
    }
}
