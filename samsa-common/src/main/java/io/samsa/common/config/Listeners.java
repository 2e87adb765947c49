package io.samsa.common.config;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.Endpoint;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.security.auth.SecurityProtocol;

/**
 * Parses Kafka's listener syntax: a comma-separated list of {@code NAME://host:port}.
 *
 * <p>Examples: {@code PLAINTEXT://:9092} (every interface), {@code CLIENT://10.0.0.5:9092},
 * {@code PLAINTEXT://[::1]:9092}. Listener names are case-insensitive and normalised to upper case, as Kafka's
 * {@code ListenerName} does; the host is kept as written ({@code ""} when empty, brackets removed). Each name maps to
 * a security protocol through {@code listener.security.protocol.map}. Stateless and thread-safe.
 */
final class Listeners {

    private Listeners() {
    }

    /** Parses {@code NAME:PROTOCOL,...}; throws {@link ConfigException} naming {@code key} on a bad entry. */
    static Map<String, SecurityProtocol> parseProtocolMap(String key, String value) {
        Map<String, SecurityProtocol> map = new LinkedHashMap<>();
        for (String entry : value.split(",")) {
            String trimmed = entry.trim();
            if (trimmed.isEmpty()) {
                continue;
            }
            int colon = trimmed.indexOf(':');
            if (colon <= 0 || colon == trimmed.length() - 1) {
                throw new ConfigException(key, value, "Entry '" + trimmed + "' is not of the form NAME:PROTOCOL");
            }
            String name = trimmed.substring(0, colon).trim().toUpperCase(Locale.ROOT);
            String protocol = trimmed.substring(colon + 1).trim().toUpperCase(Locale.ROOT);
            if (!SecurityProtocol.names().contains(protocol)) {
                throw new ConfigException(key, value, "Unknown security protocol " + protocol
                        + "; expected one of " + SecurityProtocol.names());
            }
            if (map.put(name, SecurityProtocol.forName(protocol)) != null) {
                throw new ConfigException(key, value, "Listener name " + name + " is mapped more than once");
            }
        }
        return map;
    }

    /**
     * Parses a listener list. Names must be unique, ports in [0, 65535], and non-zero ports unique.
     *
     * @throws ConfigException naming {@code key} and the whole value
     */
    static List<Endpoint> parse(String key, String value, Map<String, SecurityProtocol> protocols) {
        List<Endpoint> endpoints = new ArrayList<>();
        Set<String> names = new HashSet<>();
        Set<Integer> ports = new HashSet<>();
        for (String entry : value.split(",")) {
            String trimmed = entry.trim();
            if (trimmed.isEmpty()) {
                continue;
            }
            Endpoint endpoint = parseOne(key, value, trimmed, protocols);
            if (!names.add(endpoint.listener())) {
                throw new ConfigException(key, value, "Each listener must have a different name; "
                        + endpoint.listener() + " appears twice");
            }
            if (endpoint.port() != 0 && !ports.add(endpoint.port())) {
                throw new ConfigException(key, value, "Each listener must have a different port; "
                        + endpoint.port() + " appears twice");
            }
            endpoints.add(endpoint);
        }
        return List.copyOf(endpoints);
    }

    private static Endpoint parseOne(String key, String value, String entry, Map<String, SecurityProtocol> protocols) {
        int scheme = entry.indexOf("://");
        int colon = entry.lastIndexOf(':');
        if (scheme <= 0 || colon < scheme + 3) {
            throw new ConfigException(key, value, "Unable to parse " + entry + " to a broker endpoint");
        }
        String name = entry.substring(0, scheme).toUpperCase(Locale.ROOT);
        String host = entry.substring(scheme + 3, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(entry.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new ConfigException(key, value, "Unable to parse " + entry + " to a broker endpoint: bad port");
        }
        if (port < 0 || port > 65535) {
            throw new ConfigException(key, value, "Port of " + entry + " is not in [0, 65535]");
        }
        SecurityProtocol protocol = protocols.get(name);
        if (protocol == null) {
            throw new ConfigException(key, value, "No security protocol defined for listener " + name
                    + " in " + BrokerConfigDef.LISTENER_SECURITY_PROTOCOL_MAP_CONFIG);
        }
        return new Endpoint(name, protocol, host, port);
    }

    /** True for an empty host or a wildcard address: a bind address, never one a client can connect to. */
    static boolean isWildcard(String host) {
        return host == null || host.isEmpty() || host.equals("0.0.0.0") || host.equals("::");
    }
}
