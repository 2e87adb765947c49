package io.samsa.metadata;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.utils.SecurityUtils;

/**
 * Kafka 3.x's ACL znodes, so the data is what Kafka's {@code AclAuthorizer} kept: literal patterns at
 * {@code /kafka-acl/<ResourceType>/<name>}, other pattern types at
 * {@code /kafka-acl-extended/<pattern type, lower case>/<ResourceType>/<name>}, each holding
 * {@code {"version":1,"acls":[{"principal":"User:alice","permissionType":"Allow","operation":"Read","host":"*"}]}}
 * with Kafka's camel-case names ({@code SecurityUtils}). Also the change notifications a Kafka broker reading the
 * same tree waits for. Used by {@link ZkAclStore}.
 */
final class AclZNode {
    static final int VERSION = 1;
    static final String CHANGE_PREFIX = "acl_changes_";

    private AclZNode() {
    }

    static String path(ResourcePattern resource) {
        return root(resource.patternType()) + "/" + SecurityUtils.resourceTypeName(resource.resourceType()) + "/"
                + resource.name();
    }

    static String root(PatternType patternType) {
        return patternType == PatternType.LITERAL ? ZkPaths.ACLS_LITERAL
                : ZkPaths.ACLS_EXTENDED + "/" + patternType.name().toLowerCase(Locale.ROOT);
    }

    /** The pattern a resource znode stands for; empty for the roots and the resource-type znodes. */
    static Optional<ResourcePattern> resource(String path) {
        PatternType patternType;
        String rest;
        if (path.startsWith(ZkPaths.ACLS_LITERAL + "/")) {
            patternType = PatternType.LITERAL;
            rest = path.substring(ZkPaths.ACLS_LITERAL.length() + 1);
        } else if (path.startsWith(ZkPaths.ACLS_EXTENDED + "/")) {
            String tail = path.substring(ZkPaths.ACLS_EXTENDED.length() + 1);
            int slash = tail.indexOf('/');
            if (slash < 0) {
                return Optional.empty();
            }
            patternType = PatternType.fromString(tail.substring(0, slash).toUpperCase(Locale.ROOT));
            rest = tail.substring(slash + 1);
            if (patternType.isUnknown()) {
                return Optional.empty();
            }
        } else {
            return Optional.empty();
        }
        int slash = rest.indexOf('/');
        if (slash < 0) {
            return Optional.empty();
        }
        return Optional.of(new ResourcePattern(SecurityUtils.resourceType(rest.substring(0, slash)),
                rest.substring(slash + 1), patternType));
    }

    static byte[] encode(Set<AccessControlEntry> entries) {
        ObjectNode root = ZkJson.object();
        root.put("version", VERSION);
        ArrayNode acls = root.putArray("acls");
        for (AccessControlEntry e : entries) {
            acls.addObject()
                    .put("principal", e.principal())
                    .put("permissionType", SecurityUtils.permissionTypeName(e.permissionType()))
                    .put("operation", SecurityUtils.operationName(e.operation()))
                    .put("host", e.host());
        }
        return ZkJson.bytes(root);
    }

    static Set<AccessControlEntry> decode(String path, byte[] data) {
        Set<AccessControlEntry> out = new HashSet<>();
        if (data == null || data.length == 0) {
            return out;
        }
        JsonNode root = ZkJson.parse(path, data);
        int version = ZkJson.requiredInt(path, root, "version");
        if (version != VERSION) {
            throw new IllegalStateException("Unsupported ACL znode version " + version + " at " + path);
        }
        for (JsonNode acl : ZkJson.required(path, root, "acls")) {
            String principal = SecurityUtils.parseKafkaPrincipal(ZkJson.requiredText(path, acl, "principal"))
                    .toString();
            out.add(new AccessControlEntry(principal, ZkJson.requiredText(path, acl, "host"),
                    SecurityUtils.operation(ZkJson.requiredText(path, acl, "operation")),
                    SecurityUtils.permissionType(ZkJson.requiredText(path, acl, "permissionType"))));
        }
        return out;
    }

    /** The change notification's path prefix (a sequential znode is created under it). */
    static String changePath(ResourcePattern resource) {
        return (resource.patternType() == PatternType.LITERAL ? ZkPaths.ACL_CHANGES_LITERAL
                : ZkPaths.ACL_CHANGES_EXTENDED) + "/" + CHANGE_PREFIX;
    }

    /** Kafka's notification body: {@code TOPIC:name} for literal patterns, a JSON event for the others. */
    static byte[] change(ResourcePattern resource) {
        if (resource.patternType() == PatternType.LITERAL) {
            return (resource.resourceType().name() + ":" + resource.name()).getBytes(StandardCharsets.UTF_8);
        }
        ObjectNode event = ZkJson.object();
        event.put("version", 1);
        event.put("resourceType", resource.resourceType().name());
        event.put("name", resource.name());
        event.put("patternType", resource.patternType().name());
        return ZkJson.bytes(event);
    }
}
