package io.samsa.replication.fetcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.samsa.storage.epoch.EpochEndOffset;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

/** The examples of {@link TruncationPlanner}'s javadoc, and the edge cases. Follower: epochs [1@0, 3@40], end 60. */
class TruncationPlannerTest {
    private static final long LOG_END = 60;
    private static final long HIGH_WATERMARK = 30;

    /** The follower's cache: epoch 1 starts at 0, epoch 3 at 40. */
    private static final IntFunction<EpochEndOffset> FOLLOWER = epoch -> {
        if (epoch >= 3) {
            return epoch == 3 ? new EpochEndOffset(3, LOG_END) : EpochEndOffset.UNDEFINED;
        }
        if (epoch >= 1) {
            return new EpochEndOffset(1, 40);
        }
        return new EpochEndOffset(epoch, 0);
    };

    private static long plan(int leaderEpoch, long leaderEnd) {
        return TruncationPlanner.truncationOffset(new EpochEndOffset(leaderEpoch, leaderEnd), FOLLOWER, LOG_END,
                HIGH_WATERMARK);
    }

    @Test
    void sameEpochEndingEarlierAtTheLeaderCutsTheUncommittedTail() {
        assertThat(plan(3, 50)).isEqualTo(50);
    }

    @Test
    void anEpochTheFollowerNeverHadFallsBackToItsLargestEarlierEpoch() {
        assertThat(plan(2, 45)).isEqualTo(40);
    }

    @Test
    void anEpochBelowEveryFollowerEpochKeepsNothing() {
        assertThat(plan(0, 10)).isEqualTo(0);
    }

    @Test
    void anUndefinedAnswerFallsBackToTheHighWatermark() {
        assertThat(TruncationPlanner.truncationOffset(EpochEndOffset.UNDEFINED, FOLLOWER, LOG_END, HIGH_WATERMARK))
                .isEqualTo(HIGH_WATERMARK);
    }

    @Test
    void neverTruncatesAboveTheLogEnd() {
        assertThat(plan(3, 500)).isEqualTo(LOG_END);
        assertThat(TruncationPlanner.truncationOffset(new EpochEndOffset(-1, 700), FOLLOWER, LOG_END, HIGH_WATERMARK))
                .isEqualTo(LOG_END);
    }
}
