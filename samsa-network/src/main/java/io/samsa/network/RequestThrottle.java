package io.samsa.network;

import org.apache.kafka.common.protocol.ApiMessage;

/**
 * Says how long a client must pause after a request: the broker's client quotas, measured per request. The network
 * layer asks once per answered request and, for a positive time, writes it into the response's
 * {@code throttle_time_ms} and stops reading the connection for that long, as Kafka mutes a throttled channel
 * (KIP-219). Clients wait the same time on their side, so a well-behaved one never notices the mute; a client that
 * ignores the throttle time cannot get ahead of its quota either.
 *
 * <p>Called on the connection's event loop after the request's answer is ready, including an acks=0 produce that
 * has none; must not block.
 */
@FunctionalInterface
public interface RequestThrottle {
    /** Never throttles. */
    RequestThrottle NONE = (request, requestBytes, handleNanos, response) -> 0;

    /**
     * @param request      the request answered
     * @param requestBytes the size of its frame on the wire (without the 4-byte size prefix)
     * @param handleNanos  the time its handler took on the network thread before returning
     * @param response     its answer; null when none is sent (acks=0)
     * @return milliseconds to throttle the client for, 0 for none
     */
    long throttleTimeMs(Request request, int requestBytes, long handleNanos, ApiMessage response);
}
