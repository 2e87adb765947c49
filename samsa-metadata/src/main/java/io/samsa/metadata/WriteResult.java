package io.samsa.metadata;

/**
 * The outcome of one conditional write. Losing a race is a normal result, not an exception: the writer re-reads
 * and decides again.
 *
 * @param outcome what happened
 * @param written the value as written, with its new version and zxid, when {@code outcome} is
 *                {@link Outcome#WRITTEN}; null otherwise
 */
public record WriteResult<T>(Outcome outcome, Versioned<T> written) {

    /** What happened to one conditional write. */
    public enum Outcome {
        /** ZooKeeper accepted the write. */
        WRITTEN,
        /** The znode's version was not the one named (or a znode to be created already existed). */
        VERSION_CONFLICT,
        /** The znode does not exist (its topic was deleted). */
        NOT_FOUND,
        /** {@code /controller_epoch} moved: a newer controller exists, and this one must stop. */
        CONTROLLER_FENCED
    }

    public static <T> WriteResult<T> written(Versioned<T> written) {
        return new WriteResult<>(Outcome.WRITTEN, written);
    }

    public static <T> WriteResult<T> conflict() {
        return new WriteResult<>(Outcome.VERSION_CONFLICT, null);
    }

    public static <T> WriteResult<T> notFound() {
        return new WriteResult<>(Outcome.NOT_FOUND, null);
    }

    public static <T> WriteResult<T> fenced() {
        return new WriteResult<>(Outcome.CONTROLLER_FENCED, null);
    }

    public boolean isWritten() {
        return outcome == Outcome.WRITTEN;
    }
}
