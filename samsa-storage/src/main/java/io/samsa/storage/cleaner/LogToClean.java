package io.samsa.storage.cleaner;

import io.samsa.storage.Log;
import java.io.File;

/**
 * A compacted log chosen for cleaning, with the section a clean of it may cover.
 *
 * @param log              the log
 * @param logDir           the log dir holding it, whose {@code cleaner-offset-checkpoint} records its progress
 * @param firstDirty       checkpointed first dirty offset (or the log start offset)
 * @param firstUncleanable where the cleanable section ends (a segment base, Kafka's rules)
 * @param dirtyRatio       cleanable bytes / (clean + cleanable bytes) when chosen
 * @param truncations      the log's truncation count when chosen: after another truncation the clean's end offset
 *                         must not be checkpointed
 */
public record LogToClean(Log log, File logDir, long firstDirty, long firstUncleanable, double dirtyRatio,
                         long truncations) {
}
