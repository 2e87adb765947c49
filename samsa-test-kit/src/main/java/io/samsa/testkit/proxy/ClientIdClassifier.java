package io.samsa.testkit.proxy;

import io.netty.buffer.ByteBuf;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Tells brokers from clients on a broker's front proxy by the client id of a connection's first request. Samsa's
 * inter-broker client sends {@code broker-<id>-<role>} (today {@code broker-<id>-fetcher}) in every request
 * header, and a connection's first request is ApiVersions; anything else is {@link Node#CLIENTS}, and so is a
 * connection whose first bytes are not a Kafka request at all. A client that names itself {@code broker-1-x} would
 * pass for broker 1: no test does. Stateless and thread-safe.
 */
public final class ClientIdClassifier implements ConnectionClassifier {
    private static final Pattern BROKER = Pattern.compile("broker-(\\d{1,9})-[A-Za-z][A-Za-z0-9-]*");

    @Override
    public Node classify(ByteBuf firstBytes) {
        RequestHeaderPrefix prefix;
        try {
            prefix = RequestHeaderPrefix.parse(firstBytes);
        } catch (IllegalArgumentException notKafka) {
            return Node.CLIENTS;
        }
        if (prefix == null) {
            return null;
        }
        return fromClientId(prefix.clientId());
    }

    /** The node a connection with this client id comes from. */
    static Node fromClientId(String clientId) {
        if (clientId == null) {
            return Node.CLIENTS;
        }
        Matcher m = BROKER.matcher(clientId);
        return m.matches() ? Node.broker(Integer.parseInt(m.group(1))) : Node.CLIENTS;
    }
}
