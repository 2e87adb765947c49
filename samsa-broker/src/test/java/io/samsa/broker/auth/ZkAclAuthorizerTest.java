package io.samsa.broker.auth;

import static org.apache.kafka.common.acl.AclOperation.ALTER;
import static org.apache.kafka.common.acl.AclOperation.ALTER_CONFIGS;
import static org.apache.kafka.common.acl.AclOperation.CREATE;
import static org.apache.kafka.common.acl.AclOperation.DESCRIBE;
import static org.apache.kafka.common.acl.AclOperation.DESCRIBE_CONFIGS;
import static org.apache.kafka.common.acl.AclOperation.READ;
import static org.apache.kafka.common.acl.AclOperation.WRITE;
import static org.apache.kafka.common.acl.AclPermissionType.ALLOW;
import static org.apache.kafka.common.acl.AclPermissionType.DENY;
import static org.apache.kafka.common.resource.PatternType.LITERAL;
import static org.apache.kafka.common.resource.PatternType.PREFIXED;
import static org.apache.kafka.common.resource.ResourceType.GROUP;
import static org.apache.kafka.common.resource.ResourceType.TOPIC;
import static org.assertj.core.api.Assertions.assertThat;

import io.samsa.metadata.AclStore;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.UnaryOperator;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AccessControlEntryFilter;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourcePatternFilter;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.security.auth.KafkaPrincipal;
import org.junit.jupiter.api.Test;

class ZkAclAuthorizerTest {
    private static final KafkaPrincipal ALICE = new KafkaPrincipal("User", "alice");
    private static final KafkaPrincipal BOB = new KafkaPrincipal("User", "bob");
    private static final InetAddress HOST_1 = address("10.0.0.1");
    private static final InetAddress HOST_2 = address("10.0.0.2");

    /** The store without ZooKeeper: what it holds is what was written. */
    private static final class MemoryAclStore implements AclStore {
        final Map<ResourcePattern, Set<AccessControlEntry>> acls = new HashMap<>();

        @Override
        public Map<ResourcePattern, Set<AccessControlEntry>> start(
                BiConsumer<ResourcePattern, Set<AccessControlEntry>> onChange) {
            return new HashMap<>(acls);
        }

        @Override
        public synchronized Set<AccessControlEntry> update(ResourcePattern resource,
                                                           UnaryOperator<Set<AccessControlEntry>> change) {
            Set<AccessControlEntry> next = Set.copyOf(change.apply(acls.getOrDefault(resource, Set.of())));
            if (next.isEmpty()) {
                acls.remove(resource);
            } else {
                acls.put(resource, next);
            }
            return next;
        }

        @Override
        public void close() {
        }
    }

    private static InetAddress address(String ip) {
        try {
            return InetAddress.getByName(ip);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ZkAclAuthorizer authorizer(List<String> superUsers, boolean allowIfNoAcl, AclBinding... acls) {
        ZkAclAuthorizer a = new ZkAclAuthorizer(new MemoryAclStore(), superUsers, allowIfNoAcl).start();
        assertThat(a.createAcls(List.of(acls))).allSatisfy(r -> assertThat(r.exception()).isEmpty());
        return a;
    }

    private static AclBinding acl(ResourceType type, String name, PatternType pattern, String principal, String host,
                                  AclOperation op, AclPermissionType permission) {
        return new AclBinding(new ResourcePattern(type, name, pattern),
                new AccessControlEntry(principal, host, op, permission));
    }

    @Test
    void literalAclAllowsOnlyItsPrincipalResourceAndOperation() {
        ZkAclAuthorizer a = authorizer(List.of(), false, acl(TOPIC, "orders", LITERAL, "User:alice", "*", READ, ALLOW));
        assertThat(a.authorize(ALICE, HOST_1, READ, TOPIC, "orders")).isTrue();
        assertThat(a.authorize(ALICE, HOST_1, WRITE, TOPIC, "orders")).isFalse();
        assertThat(a.authorize(ALICE, HOST_1, READ, TOPIC, "orders2")).isFalse();
        assertThat(a.authorize(BOB, HOST_1, READ, TOPIC, "orders")).isFalse();
        assertThat(a.authorize(ALICE, HOST_1, READ, GROUP, "orders")).isFalse();
    }

    @Test
    void prefixedAndWildcardPatternsMatch() {
        ZkAclAuthorizer a = authorizer(List.of(), false,
                acl(TOPIC, "app-", PREFIXED, "User:alice", "*", WRITE, ALLOW),
                acl(GROUP, "*", LITERAL, "User:*", "*", READ, ALLOW));
        assertThat(a.authorize(ALICE, HOST_1, WRITE, TOPIC, "app-orders")).isTrue();
        assertThat(a.authorize(ALICE, HOST_1, WRITE, TOPIC, "app-")).isTrue();
        assertThat(a.authorize(ALICE, HOST_1, WRITE, TOPIC, "ap")).isFalse();
        assertThat(a.authorize(ALICE, HOST_1, WRITE, TOPIC, "other-app-x")).isFalse();
        assertThat(a.authorize(BOB, HOST_2, READ, GROUP, "any-group")).isTrue();
    }

    @Test
    void everyMatchingPrefixOfEveryLengthIsWeighed() {
        ZkAclAuthorizer a = authorizer(List.of(), false,
                acl(TOPIC, "a", PREFIXED, "User:alice", "*", WRITE, ALLOW),
                acl(TOPIC, "ab-", PREFIXED, "User:alice", "*", READ, ALLOW),
                acl(TOPIC, "ab-x", PREFIXED, "User:alice", "*", WRITE, DENY),
                acl(TOPIC, "ab-xyz-long", PREFIXED, "User:bob", "*", READ, ALLOW),
                acl(TOPIC, "zz", PREFIXED, "User:alice", "*", READ, ALLOW));
        assertThat(a.authorize(ALICE, HOST_1, WRITE, TOPIC, "ab-q")).as("by the shortest prefix").isTrue();
        assertThat(a.authorize(ALICE, HOST_1, READ, TOPIC, "ab-q")).isTrue();
        assertThat(a.authorize(ALICE, HOST_1, WRITE, TOPIC, "ab-xyz")).as("a longer prefix denies").isFalse();
        assertThat(a.authorize(ALICE, HOST_1, READ, TOPIC, "ab-xyz")).isTrue();
        assertThat(a.authorize(BOB, HOST_1, READ, TOPIC, "ab-xyz-lon")).as("the prefix is longer").isFalse();
        assertThat(a.authorize(BOB, HOST_1, READ, TOPIC, "ab-xyz-long")).isTrue();
        assertThat(a.authorize(ALICE, HOST_1, READ, TOPIC, "z")).isFalse();
        a.deleteAcls(List.of(acl(TOPIC, "ab-x", PREFIXED, "User:alice", "*", WRITE, DENY).toFilter()));
        assertThat(a.authorize(ALICE, HOST_1, WRITE, TOPIC, "ab-xyz")).as("the deny removed").isTrue();
    }

    @Test
    void denyWinsOverAllow() {
        ZkAclAuthorizer a = authorizer(List.of(), false,
                acl(TOPIC, "*", LITERAL, "User:*", "*", AclOperation.ALL, ALLOW),
                acl(TOPIC, "secret-", PREFIXED, "User:bob", "*", READ, DENY));
        assertThat(a.authorize(BOB, HOST_1, READ, TOPIC, "secret-plans")).isFalse();
        assertThat(a.authorize(BOB, HOST_1, WRITE, TOPIC, "secret-plans")).isTrue();
        // A deny of READ does not deny DESCRIBE, which ALL allows.
        assertThat(a.authorize(BOB, HOST_1, DESCRIBE, TOPIC, "secret-plans")).isTrue();
        assertThat(a.authorize(ALICE, HOST_1, READ, TOPIC, "secret-plans")).isTrue();
    }

    @Test
    void hostsMatchByAddress() {
        ZkAclAuthorizer a = authorizer(List.of(), false,
                acl(TOPIC, "t", LITERAL, "User:alice", "10.0.0.1", READ, ALLOW),
                acl(TOPIC, "t", LITERAL, "User:alice", "10.0.0.2", WRITE, DENY),
                acl(TOPIC, "t", LITERAL, "User:alice", "*", WRITE, ALLOW));
        assertThat(a.authorize(ALICE, HOST_1, READ, TOPIC, "t")).isTrue();
        assertThat(a.authorize(ALICE, HOST_2, READ, TOPIC, "t")).isFalse();
        assertThat(a.authorize(ALICE, HOST_1, WRITE, TOPIC, "t")).isTrue();
        assertThat(a.authorize(ALICE, HOST_2, WRITE, TOPIC, "t")).isFalse();
    }

    @Test
    void operationsImplyDescribeAsInKafka() {
        for (AclOperation granted : List.of(READ, WRITE, AclOperation.DELETE, ALTER)) {
            ZkAclAuthorizer a = authorizer(List.of(), false, acl(TOPIC, "t", LITERAL, "User:alice", "*", granted, ALLOW));
            assertThat(a.authorize(ALICE, HOST_1, DESCRIBE, TOPIC, "t")).as(granted.toString()).isTrue();
        }
        ZkAclAuthorizer a = authorizer(List.of(), false,
                acl(TOPIC, "t", LITERAL, "User:alice", "*", ALTER_CONFIGS, ALLOW));
        assertThat(a.authorize(ALICE, HOST_1, DESCRIBE_CONFIGS, TOPIC, "t")).isTrue();
        assertThat(a.authorize(ALICE, HOST_1, DESCRIBE, TOPIC, "t")).isFalse();
        ZkAclAuthorizer create = authorizer(List.of(), false, acl(TOPIC, "t", LITERAL, "User:alice", "*", CREATE, ALLOW));
        assertThat(create.authorize(ALICE, HOST_1, DESCRIBE, TOPIC, "t")).isFalse();
    }

    @Test
    void superUsersMayDoAnythingEvenWhenDenied() {
        ZkAclAuthorizer a = authorizer(List.of("User:admin", "User:broker"), false,
                acl(TOPIC, "t", LITERAL, "User:*", "*", AclOperation.ALL, DENY));
        assertThat(a.authorize(new KafkaPrincipal("User", "broker"), HOST_1, WRITE, TOPIC, "t")).isTrue();
        assertThat(a.authorize(ALICE, HOST_1, WRITE, TOPIC, "t")).isFalse();
    }

    @Test
    void allowEveryoneIfNoAclFoundOnlyWhereNoAclMatchesTheResource() {
        ZkAclAuthorizer open = authorizer(List.of(), true, acl(TOPIC, "guarded", LITERAL, "User:bob", "*", READ, ALLOW));
        assertThat(open.authorize(ALICE, HOST_1, READ, TOPIC, "free")).isTrue();
        assertThat(open.authorize(ALICE, HOST_1, READ, TOPIC, "guarded")).isFalse();
        ZkAclAuthorizer closed = authorizer(List.of(), false);
        assertThat(closed.authorize(ALICE, HOST_1, READ, TOPIC, "free")).isFalse();
    }

    @Test
    void describesAndDeletesByFilter() {
        ZkAclAuthorizer a = authorizer(List.of(), false,
                acl(TOPIC, "a", LITERAL, "User:alice", "*", READ, ALLOW),
                acl(TOPIC, "b-", PREFIXED, "User:alice", "*", WRITE, ALLOW),
                acl(GROUP, "g", LITERAL, "User:bob", "*", READ, ALLOW));
        assertThat(a.acls(AclBindingFilter.ANY)).hasSize(3);
        AclBindingFilter aliceTopics = new AclBindingFilter(new ResourcePatternFilter(TOPIC, null, PatternType.ANY),
                new AccessControlEntryFilter("User:alice", null, AclOperation.ANY, AclPermissionType.ANY));
        var deleted = a.deleteAcls(List.of(aliceTopics));
        assertThat(deleted.get(0)).hasSize(2);
        assertThat(a.acls(AclBindingFilter.ANY)).extracting(b -> b.pattern().name()).containsExactly("g");
        assertThat(a.authorize(ALICE, HOST_1, READ, TOPIC, "a")).isFalse();
    }

    @Test
    void rejectsInvalidBindings() {
        ZkAclAuthorizer a = authorizer(List.of(), false);
        var results = a.createAcls(List.of(
                acl(TOPIC, "t", LITERAL, "User:alice", "", READ, ALLOW),
                acl(TOPIC, "t", LITERAL, "alice", "*", READ, ALLOW),
                acl(TOPIC, "t", LITERAL, "User:alice", "*", READ, ALLOW)));
        assertThat(results.get(0).exception()).isPresent();
        assertThat(results.get(1).exception()).isPresent();
        assertThat(results.get(2).exception()).isEmpty();
        assertThat(new HashSet<>(a.acls(AclBindingFilter.ANY))).hasSize(1);
    }
}
