package io.samsa.storage;

/**
 * Told when a log loses data other than by retention: truncated (a follower diverged from its leader, or fell behind
 * the leader's log start) or deleted. The log cleaner implements it to keep its {@code cleaner-offset-checkpoint}
 * true (Kafka's {@code maybeTruncateCheckpoint} and {@code updateCheckpoints} on deletion), so storage knows nothing
 * of the cleaner. Installed with {@link LogManager#setChangeListener}.
 */
public interface LogChangeListener {
    /** Tells nobody. */
    LogChangeListener NONE = new LogChangeListener() {
        @Override
        public void onTruncated(Log log, long activeSegmentBaseOffset) {
        }

        @Override
        public void onDeleted(Log log) {
        }
    };

    /**
     * {@code log} was truncated; its active segment now starts at {@code activeSegmentBaseOffset}. Called under the
     * log's lock, before any append after the truncation: must not block for long, must not call back into the log's
     * writing methods, and must not throw.
     */
    void onTruncated(Log log, long activeSegmentBaseOffset);

    /** {@code log} was removed from the broker (its files go soon). Must not throw. */
    void onDeleted(Log log);
}
