package io.samsa.storage.cleaner;

/**
 * Told of every chunk a clean reads or writes ({@link OffsetMapBuilder}, {@link SegmentCleaner}), so that the
 * cleaner's I/O can be held to {@code log.cleaner.io.max.bytes.per.second}. May block the calling clean; throws
 * {@link io.samsa.storage.LogCleaningAbortedException} when the clean must stop instead of waiting (the cleaner
 * is shutting down). One per cleaner thread; see {@link CleanerThrottler} for the shared rate.
 */
@FunctionalInterface
interface IoThrottle {
    /** Never waits: for cleans outside the service (tests, tools). */
    IoThrottle UNTHROTTLED = bytes -> {
    };

    void onIo(long bytes);
}
