package io.samsa.storage;

/**
 * A segment replacement was refused because the log changed under the cleaner (truncated, segments deleted by
 * retention or DeleteRecords, closed). Not an error: the cleaner drops its copy and cleans again later.
 * Thrown by {@link Log#replaceSegments}.
 */
public final class LogCleaningAbortedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public LogCleaningAbortedException(String message) {
        super(message);
    }
}
