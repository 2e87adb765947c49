package io.samsa.broker.auth;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.security.auth.KafkaPrincipal;
import org.apache.kafka.common.utils.SecurityUtils;

/**
 * One access control entry prepared for matching: the principal parsed and the host resolved once, when the ACL
 * is loaded, so a decision compares fields and allocates nothing. Built by {@link AclIndex}.
 *
 * @param principalType the principal's type ({@code User})
 * @param principalName its name, {@code *} for everyone
 * @param host          {@code *}, or an IP address as text
 * @param address       the host as an address, null for {@code *} or a host that is not an IP literal (which,
 *                      as in Kafka, never matches: clients are matched by address)
 */
record AclEntry(String principalType, String principalName, String host, InetAddress address,
                AclOperation operation, AclPermissionType permission) {

    static final String WILDCARD = "*";

    static AclEntry of(AccessControlEntry ace) {
        KafkaPrincipal p = SecurityUtils.parseKafkaPrincipal(ace.principal());
        return new AclEntry(p.getPrincipalType(), p.getName(), ace.host(), address(ace.host()), ace.operation(),
                ace.permissionType());
    }

    private static InetAddress address(String host) {
        if (WILDCARD.equals(host) || !looksLikeIp(host)) {
            return null;
        }
        try {
            return InetAddress.getByName(host); // an IP literal: no lookup
        } catch (UnknownHostException e) {
            return null;
        }
    }

    /** IPv4 dotted digits, or IPv6 hex with colons: anything else is a host name, which is never looked up. */
    private static boolean looksLikeIp(String host) {
        boolean colon = host.indexOf(':') >= 0;
        boolean dot = host.indexOf('.') >= 0;
        for (int i = 0; i < host.length(); i++) {
            char c = host.charAt(i);
            boolean ok = colon ? Character.digit(c, 16) >= 0 || c == ':' || c == '.' : Character.isDigit(c) || c == '.';
            if (!ok) {
                return false;
            }
        }
        return colon || dot;
    }

    boolean matches(KafkaPrincipal principal, InetAddress from) {
        boolean principalMatches = WILDCARD.equals(principalName) && "User".equals(principalType)
                || principalName.equals(principal.getName()) && principalType.equals(principal.getPrincipalType());
        if (!principalMatches) {
            return false;
        }
        return WILDCARD.equals(host) || address != null && address.equals(from);
    }

    /** Whether an ALLOW entry for {@link #operation} grants {@code requested}: Kafka's implications. */
    boolean allows(AclOperation requested) {
        return implies(operation, requested);
    }

    /** Whether a DENY entry for {@link #operation} denies {@code requested}: only the same operation or ALL. */
    boolean denies(AclOperation requested) {
        return operation == AclOperation.ALL || operation == requested;
    }

    static boolean implies(AclOperation granted, AclOperation requested) {
        if (granted == AclOperation.ALL || granted == requested) {
            return true;
        }
        return switch (requested) {
            case DESCRIBE -> granted == AclOperation.READ || granted == AclOperation.WRITE
                    || granted == AclOperation.DELETE || granted == AclOperation.ALTER;
            case DESCRIBE_CONFIGS -> granted == AclOperation.ALTER_CONFIGS;
            default -> false;
        };
    }
}
