/**
 * The log cleaner (compaction): one clean of one log keeps, per key, only the latest record, removes tombstones
 * once their delete horizon passed, and swaps the copy in through {@link io.samsa.storage.Log#replaceSegments}.
 * Depends on {@code io.samsa.storage}, never the reverse. {@link io.samsa.storage.cleaner.LogCleaner} runs the
 * cleans on background threads.
 */
package io.samsa.storage.cleaner;
