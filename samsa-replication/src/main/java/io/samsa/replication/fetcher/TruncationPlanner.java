package io.samsa.replication.fetcher;

import io.samsa.storage.epoch.EpochEndOffset;
import java.util.function.IntFunction;

/**
 * Where a follower truncates when its leader says their logs diverge: a pure function of the leader's answer
 * (where the follower's last epoch ends in the leader's log) and the follower's own epochs.
 *
 * <p>Worked examples. The follower's epochs are {@code [e1@0, e3@40]}, its log end 60:
 * <ul>
 *   <li>The leader answers {@code (3, 50)}: both have epoch 3; the leader's ends at 50, so offsets 50..59 were
 *       never committed: truncate to 50.</li>
 *   <li>The leader answers {@code (2, 45)}: the follower has no epoch 2; its largest epoch at or below 2 is e1,
 *       ending at 40. Truncate to 40; the next fetch names e1 and the leader checks again.</li>
 *   <li>The leader answers {@code (0, 10)}: below every epoch the follower has. The follower's own answer for
 *       epoch 0 is "ends where e1 starts", 0: nothing it has is known to match, so truncate to 0 and copy
 *       again.</li>
 *   <li>The leader answers an undefined offset: it cannot tell; fall back to the follower's high watermark, which
 *       was committed and so is in the leader's log.</li>
 * </ul>
 * Each step strictly lowers the follower's log end or its last epoch, so the exchange ends. Kafka's
 * AbstractFetcherThread follows the same rules. Stateless.
 */
public final class TruncationPlanner {
    private TruncationPlanner() {
    }

    /**
     * The offset to truncate to (never above {@code followerLogEnd}).
     *
     * @param leader                 the leader's diverging epoch: its epoch and end offset for the follower's last
     *                               fetched epoch
     * @param followerEndOffsetFor   the follower's own answer for an epoch (its cache's endOffsetFor)
     * @param followerLogEnd         the follower's log end offset
     * @param followerHighWatermark  the follower's high watermark
     */
    public static long truncationOffset(EpochEndOffset leader, IntFunction<EpochEndOffset> followerEndOffsetFor,
                                        long followerLogEnd, long followerHighWatermark) {
        if (leader.endOffset() == EpochEndOffset.UNDEFINED_OFFSET) {
            return Math.min(followerHighWatermark, followerLogEnd);
        }
        if (leader.epoch() == EpochEndOffset.UNDEFINED_EPOCH) {
            return Math.min(leader.endOffset(), followerLogEnd);
        }
        EpochEndOffset follower = followerEndOffsetFor.apply(leader.epoch());
        if (follower.isUndefined()) {
            return Math.min(leader.endOffset(), followerLogEnd);
        }
        if (follower.epoch() != leader.epoch()) {
            return Math.min(follower.endOffset(), followerLogEnd);
        }
        return Math.min(Math.min(leader.endOffset(), follower.endOffset()), followerLogEnd);
    }
}
