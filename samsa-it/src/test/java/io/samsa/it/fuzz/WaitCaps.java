package io.samsa.it.fuzz;

import org.apache.kafka.common.message.ConsumerGroupHeartbeatRequestData;
import org.apache.kafka.common.message.FetchRequestData;
import org.apache.kafka.common.message.JoinGroupRequestData;
import org.apache.kafka.common.protocol.ApiMessage;

/**
 * Upper bounds on the request fields that let a broker legitimately hold a request: a Fetch may wait
 * {@code max_wait_ms} for data, a JoinGroup may wait for the group's other members up to their rebalance timeout.
 * A mutation that raises one of these to {@code Integer.MAX_VALUE} would make a correct broker look hung, so
 * {@link #clamp} lowers it again after mutating; values below the cap (negative ones included) are kept.
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
