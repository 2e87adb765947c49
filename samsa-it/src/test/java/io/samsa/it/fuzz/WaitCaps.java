package io.samsa.it.fuzz;

import java.nio.ByteBuffer;
import org.apache.kafka.common.message.ConsumerGroupHeartbeatRequestData;
import org.apache.kafka.common.message.FetchRequestData;
import org.apache.kafka.common.message.JoinGroupRequestData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.requests.AbstractRequest;

/**
 * Upper bounds on the request fields that let a broker legitimately hold a request: a Fetch may wait
 * {@code max_wait_ms} for data, a JoinGroup may wait for the group's other members up to their rebalance timeout.
 * A mutation that raises one of these to {@code Integer.MAX_VALUE} would make a correct broker look hung, so
 * {@link #clamp} lowers it again after mutating a field, and {@link #clampRaw} after mutating raw bytes; values
 * below the cap (negative ones included) are kept.
 *
 * <p>With these caps no request may take longer than {@link #MAX_LEGITIMATE_WAIT_MS} to be answered. Stateless.
 */
final class WaitCaps {
    static final int FETCH_MAX_WAIT_MS = 500;
    static final int GROUP_TIMEOUT_MS = 3_000;
    /** The longest a request may be held by the broker on purpose, given the caps. */
    static final int MAX_LEGITIMATE_WAIT_MS = GROUP_TIMEOUT_MS;

    private WaitCaps() {
    }

    /**
     * {@code body} as the broker would read it at {@code version}, with its wait fields clamped if a mutation of
     * raw bytes raised them past the caps (a Fetch whose max_wait became 25 s is a legitimate long poll, not a
     * hang); unchanged when it does not parse or is within the caps. A clamped body is re-serialized from what
     * parsed, so the mutation's other effects on parsed fields stay.
     */
    static byte[] clampRaw(ApiKeys api, short version, byte[] body) {
        ApiMessage parsed;
        try {
            parsed = AbstractRequest.parseRequest(api, version, new ByteBufferAccessor(ByteBuffer.wrap(body)))
                    .request.data();
        } catch (RuntimeException e) {
            return body; // the broker closes the connection: nothing waits
        }
        if (!exceeds(parsed)) {
            return body;
        }
        clamp(parsed);
        try {
            return Frames.bodyBytes(parsed, version);
        } catch (RuntimeException e) {
            return body;
        }
    }

    private static boolean exceeds(ApiMessage m) {
        if (m instanceof FetchRequestData f) {
            return f.maxWaitMs() > FETCH_MAX_WAIT_MS;
        }
        if (m instanceof JoinGroupRequestData j) {
            return j.sessionTimeoutMs() > GROUP_TIMEOUT_MS || j.rebalanceTimeoutMs() > GROUP_TIMEOUT_MS;
        }
        return m instanceof ConsumerGroupHeartbeatRequestData c && c.rebalanceTimeoutMs() > GROUP_TIMEOUT_MS;
    }

    static void clamp(ApiMessage message) {
        if (message instanceof FetchRequestData f) {
            f.setMaxWaitMs(Math.min(f.maxWaitMs(), FETCH_MAX_WAIT_MS));
        } else if (message instanceof JoinGroupRequestData j) {
            j.setSessionTimeoutMs(Math.min(j.sessionTimeoutMs(), GROUP_TIMEOUT_MS));
            j.setRebalanceTimeoutMs(Math.min(j.rebalanceTimeoutMs(), GROUP_TIMEOUT_MS));
        } else if (message instanceof ConsumerGroupHeartbeatRequestData c) {
            c.setRebalanceTimeoutMs(Math.min(c.rebalanceTimeoutMs(), GROUP_TIMEOUT_MS));
        }
    }
}
