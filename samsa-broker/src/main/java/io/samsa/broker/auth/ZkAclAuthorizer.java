package io.samsa.broker.auth;

import io.samsa.metadata.AclStore;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.errors.InvalidRequestException;
import org.apache.kafka.common.errors.UnknownServerException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.security.auth.KafkaPrincipal;
import org.apache.kafka.common.utils.SecurityUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link AclAuthorizer} over an {@link AclStore} (ZooKeeper in a broker): decisions come from an in-memory
 * {@link AclIndex} loaded at start-up and replaced on every change the store's watches report, so every broker
 * sees ACLs written through any of them. A broker also applies its own writes at once, so an ACL it created is in
 * force for the next request it serves. Built by {@link Authorizers}; closed by the broker.
 */
public final class ZkAclAuthorizer implements AclAuthorizer {
    private static final Logger LOG = LoggerFactory.getLogger(ZkAclAuthorizer.class);

    private final AclStore store;
    private final List<KafkaPrincipal> superUsers;
    private final boolean allowEveryoneIfNoAcl;
    private final Object indexLock = new Object();
    private volatile AclIndex index = AclIndex.EMPTY;

    public ZkAclAuthorizer(AclStore store, List<String> superUsers, boolean allowEveryoneIfNoAcl) {
        this.store = store;
        this.superUsers = superUsers.stream().map(SecurityUtils::parseKafkaPrincipal).toList();
        this.allowEveryoneIfNoAcl = allowEveryoneIfNoAcl;
    }

    /** Loads the stored ACLs and starts following changes. */
    public ZkAclAuthorizer start() {
        Map<ResourcePattern, Set<AccessControlEntry>> loaded = store.start(this::apply);
        synchronized (indexLock) {
            index = index.withAll(loaded); // one rebuild: one per pattern made start-up quadratic in the ACLs
        }
        LOG.info("ACL authorizer started with {} resource patterns, super users {}", loaded.size(), superUsers);
        return this;
    }

    private void apply(ResourcePattern resource, Set<AccessControlEntry> entries) {
        synchronized (indexLock) {
            index = index.with(resource, entries);
        }
    }

    @Override
    public boolean authorize(KafkaPrincipal principal, InetAddress host, AclOperation operation, ResourceType type,
                             String name) {
        return isSuperUser(principal) || index.authorize(principal, host, operation, type, name, allowEveryoneIfNoAcl);
    }

    @Override
    public boolean authorizeAny(KafkaPrincipal principal, InetAddress host, AclOperation operation,
                                ResourceType type) {
        return isSuperUser(principal) || index.authorizeAny(principal, host, operation, type, allowEveryoneIfNoAcl);
    }

    private boolean isSuperUser(KafkaPrincipal principal) {
        for (int i = 0; i < superUsers.size(); i++) {
            KafkaPrincipal s = superUsers.get(i);
            if (s.getName().equals(principal.getName()) && s.getPrincipalType().equals(principal.getPrincipalType())) {
                return true;
            }
        }
        return false;
    }

    @Override
    public List<AclChangeResult> createAcls(List<AclBinding> bindings) {
        List<AclChangeResult> results = new ArrayList<>(bindings.size());
        Map<ResourcePattern, Set<AccessControlEntry>> additions = new LinkedHashMap<>();
        for (AclBinding b : bindings) {
            ApiException invalid = invalid(b);
            results.add(invalid == null ? AclChangeResult.done(b) : AclChangeResult.failed(b, invalid));
            if (invalid == null) {
                additions.computeIfAbsent(b.pattern(), p -> new HashSet<>()).add(b.entry());
            }
        }
        Map<ResourcePattern, ApiException> failed = new LinkedHashMap<>();
        additions.forEach((pattern, entries) -> {
            try {
                apply(pattern, store.update(pattern, stored -> union(stored, entries)));
            } catch (RuntimeException e) {
                LOG.warn("Failed to add ACLs to {}", pattern, e);
                failed.put(pattern, e instanceof ApiException a ? a : new UnknownServerException(e.getMessage()));
            }
        });
        for (int i = 0; i < bindings.size(); i++) {
            ApiException e = failed.get(bindings.get(i).pattern());
            if (e != null && results.get(i).exception().isEmpty()) {
                results.set(i, AclChangeResult.failed(bindings.get(i), e));
            }
        }
        return results;
    }

    private static Set<AccessControlEntry> union(Set<AccessControlEntry> a, Set<AccessControlEntry> b) {
        Set<AccessControlEntry> out = new HashSet<>(a);
        out.addAll(b);
        return out;
    }

    /** Kafka's checks on a new binding (its controller's {@code validateNewAcl}); null when valid. */
    private static ApiException invalid(AclBinding b) {
        if (b.isUnknown()) {
            return new InvalidRequestException("Invalid ACL: unknown resource type, pattern type, operation or "
                    + "permission type");
        }
        ResourcePattern p = b.pattern();
        if (p.patternType() != PatternType.LITERAL && p.patternType() != PatternType.PREFIXED) {
            return new InvalidRequestException("Invalid patternType " + p.patternType());
        }
        if (p.resourceType() == ResourceType.ANY) {
            return new InvalidRequestException("Invalid resourceType " + p.resourceType());
        }
        if (b.entry().operation() == AclOperation.ANY) {
            return new InvalidRequestException("Invalid operation " + b.entry().operation());
        }
        if (b.entry().permissionType() == AclPermissionType.ANY) {
            return new InvalidRequestException("Invalid permissionType " + b.entry().permissionType());
        }
        if (b.entry().host() == null || b.entry().host().isEmpty()) {
            return new InvalidRequestException("Invalid null or empty host");
        }
        try {
            SecurityUtils.parseKafkaPrincipal(b.entry().principal());
        } catch (IllegalArgumentException e) {
            return new InvalidRequestException("Invalid principal " + b.entry().principal());
        }
        return null;
    }

    @Override
    public List<List<AclChangeResult>> deleteAcls(List<AclBindingFilter> filters) {
        List<List<AclBinding>> matched = new ArrayList<>();
        Map<ResourcePattern, Set<AccessControlEntry>> removals = new LinkedHashMap<>();
        for (AclBindingFilter f : filters) {
            List<AclBinding> m = acls(f);
            matched.add(m);
            m.forEach(b -> removals.computeIfAbsent(b.pattern(), p -> new HashSet<>()).add(b.entry()));
        }
        Map<ResourcePattern, ApiException> failed = new LinkedHashMap<>();
        removals.forEach((pattern, entries) -> {
            try {
                apply(pattern, store.update(pattern, stored -> {
                    Set<AccessControlEntry> out = new HashSet<>(stored);
                    out.removeAll(entries);
                    return out;
                }));
            } catch (RuntimeException e) {
                LOG.warn("Failed to remove ACLs from {}", pattern, e);
                failed.put(pattern, e instanceof ApiException a ? a : new UnknownServerException(e.getMessage()));
            }
        });
        List<List<AclChangeResult>> results = new ArrayList<>(filters.size());
        for (List<AclBinding> m : matched) {
            List<AclChangeResult> r = new ArrayList<>(m.size());
            for (AclBinding b : m) {
                ApiException e = failed.get(b.pattern());
                r.add(e == null ? AclChangeResult.done(b) : AclChangeResult.failed(b, e));
            }
            results.add(r);
        }
        return results;
    }

    @Override
    public List<AclBinding> acls(AclBindingFilter filter) {
        List<AclBinding> out = new ArrayList<>();
        index.all().forEach((pattern, entries) -> {
            for (AccessControlEntry e : entries) {
                AclBinding b = new AclBinding(pattern, e);
                if (filter.matches(b)) {
                    out.add(b);
                }
            }
        });
        return out;
    }

    @Override
    public void close() {
        store.close();
    }
}
