package io.samsa.broker.auth;

import java.net.InetAddress;
import java.util.List;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.security.auth.KafkaPrincipal;

/**
 * Samsa's authorizer: decides whether a principal connecting from a host may perform an operation on a resource,
 * and keeps the ACLs that decide it. {@link ZkAclAuthorizer} is the one implementation; {@link Authorization}
 * (the service handlers call) is its only caller on the request path, the ACL handlers call the rest.
 * Thread-safe; decisions never block.
 */
public interface AclAuthorizer extends AutoCloseable {

    /** Whether {@code principal} from {@code host} may perform {@code operation} on the named resource. */
    boolean authorize(KafkaPrincipal principal, InetAddress host, AclOperation operation, ResourceType type,
                      String name);

    /**
     * Whether {@code principal} may perform {@code operation} on at least one resource of {@code type}, as
     * Kafka's {@code authorizeByResourceType} (InitProducerId's idempotent-write fallback).
     */
    boolean authorizeAny(KafkaPrincipal principal, InetAddress host, AclOperation operation, ResourceType type);

    /** Stores the bindings; one result per binding, in order. Blocks on ZooKeeper. */
    List<AclChangeResult> createAcls(List<AclBinding> bindings);

    /**
     * Removes the bindings each filter matches; per filter, in order, the bindings it matched with what became of
     * each. Blocks on ZooKeeper.
     */
    List<List<AclChangeResult>> deleteAcls(List<AclBindingFilter> filters);

    /** The bindings {@code filter} matches, from the in-memory copy. */
    List<AclBinding> acls(AclBindingFilter filter);

    @Override
    void close();
}
