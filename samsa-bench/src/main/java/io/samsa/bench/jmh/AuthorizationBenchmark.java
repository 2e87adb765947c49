package io.samsa.bench.jmh;

import io.samsa.broker.auth.ZkAclAuthorizer;
import io.samsa.metadata.AclStore;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.UnaryOperator;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.security.auth.KafkaPrincipal;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * What authorization costs a request: one ACL decision of Samsa's authorizer, WRITE on a topic as a Produce
 * request makes it per topic (a Fetch makes READ per topic, likewise), with {@code acls} resource patterns stored
 * for other users and topics (half literal, half prefixed) beside the two that let this user write its topics.
 * {@link #allowed} is the common case; {@link #denied} walks every pattern that could match before saying no.
 * With authorization off a request makes no decision at all, so these times are the whole added cost per topic.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class AuthorizationBenchmark {
    @Param({"0", "1000", "10000"})
    public int acls;

    private ZkAclAuthorizer authorizer;
    private final KafkaPrincipal alice = new KafkaPrincipal(KafkaPrincipal.USER_TYPE, "alice");
    private InetAddress host;
    private int next;

    @Setup
    public void setUp() throws UnknownHostException {
        host = InetAddress.getByName("10.1.2.3");
        Map<ResourcePattern, Set<AccessControlEntry>> stored = new HashMap<>();
        for (int i = 0; i < acls; i++) {
            PatternType type = i % 2 == 0 ? PatternType.LITERAL : PatternType.PREFIXED;
            stored.put(new ResourcePattern(ResourceType.TOPIC, "team-" + i + "-orders", type),
                    Set.of(new AccessControlEntry("User:user-" + i, "*", AclOperation.WRITE,
                            AclPermissionType.ALLOW)));
        }
        stored.put(new ResourcePattern(ResourceType.TOPIC, "alice-", PatternType.PREFIXED),
                Set.of(new AccessControlEntry("User:alice", "*", AclOperation.WRITE, AclPermissionType.ALLOW)));
        stored.put(new ResourcePattern(ResourceType.TOPIC, "alice-orders-9", PatternType.LITERAL),
                Set.of(new AccessControlEntry("User:alice", "*", AclOperation.READ, AclPermissionType.ALLOW)));
        authorizer = new ZkAclAuthorizer(new FixedAclStore(stored), List.of("User:admin"), false).start();
    }

    @Benchmark
    public boolean allowed() {
        return authorizer.authorize(alice, host, AclOperation.WRITE, ResourceType.TOPIC,
                "alice-orders-" + (next++ & 15));
    }

    @Benchmark
    public boolean denied() {
        return authorizer.authorize(alice, host, AclOperation.WRITE, ResourceType.TOPIC,
                "team-" + (next++ & 1023) + "-orders");
    }

    /** The ACLs of one run, as a store that never changes. */
    private record FixedAclStore(Map<ResourcePattern, Set<AccessControlEntry>> stored) implements AclStore {
        @Override
        public Map<ResourcePattern, Set<AccessControlEntry>> start(
                BiConsumer<ResourcePattern, Set<AccessControlEntry>> onChange) {
            return stored;
        }

        @Override
        public Set<AccessControlEntry> update(ResourcePattern resource,
                                              UnaryOperator<Set<AccessControlEntry>> change) {
            throw new UnsupportedOperationException("fixed for the benchmark");
        }

        @Override
        public void close() {
        }
    }
}
