package io.samsa.storage;

import io.samsa.common.Scheduler;
import java.io.IOException;
import java.util.List;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes segments that left a log without breaking reads in flight: their files are renamed to
 * {@code <name>.deleted} at once (so a restart finds and removes them) and closed and deleted after
 * {@code file.delete.delay.ms} on the scheduler, by when a zero-copy send that started before has finished.
 * Without a scheduler, or with no delay, they are deleted at once.
 *
 * <p>Crash behaviour: {@code .deleted} files left behind are deleted by the log loader. Stateless; callers hold
 * the log's lock while renaming.
 */
final class SegmentDeleter {
    private static final Logger log = LoggerFactory.getLogger(SegmentDeleter.class);

    private SegmentDeleter() {
    }

    static void deleteLater(List<LogSegment> removed, Scheduler scheduler, long delayMs, TopicPartition tp)
            throws IOException {
        if (removed.isEmpty()) {
            return;
        }
        for (LogSegment s : removed) {
            s.addSuffix(LogFileNames.DELETED_SUFFIX);
        }
        Runnable delete = () -> {
            for (LogSegment s : removed) {
                try {
                    s.deleteIfExists();
                } catch (IOException e) {
                    log.warn("Failed to delete segment files of {}: {}", s, e.getMessage());
                }
            }
        };
        if (scheduler != null && delayMs > 0) {
            scheduler.schedule("delete-file-" + tp, delete, delayMs, 0L);
        } else {
            delete.run();
        }
    }
}
