package io.samsa.replication;

import java.util.Optional;

/**
 * One partition of a follower's fetch, as the leader sees it.
 *
 * @param replicaId          the follower's broker id
 * @param brokerEpoch        the follower's broker epoch, -1 if it sent none
 * @param fetchOffset        the follower's log end offset: what it asks for next
 * @param lastFetchedEpoch   the epoch of the follower's last batch, -1 if none; checked against this leader's
 *                           epochs to detect a divergence
 * @param logStartOffset     the follower's log start offset
 * @param currentLeaderEpoch the leader epoch the follower believes current, if it sent one
 * @param maxBytes           byte limit for this partition
 * @param minOneMessage      whether the first batch goes even if larger than {@code maxBytes}
 */
public record FollowerFetch(int replicaId, long brokerEpoch, long fetchOffset, int lastFetchedEpoch,
                            long logStartOffset, Optional<Integer> currentLeaderEpoch, int maxBytes,
                            boolean minOneMessage) {
}
