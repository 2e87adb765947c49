package io.samsa.storage;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.apache.kafka.common.record.FileLogInputStream.FileChannelRecordBatch;
import org.apache.kafka.common.record.FileRecords;
import org.apache.kafka.common.utils.Utils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kafka's file protocol for replacing segments with a cleaned copy, and the loader's rules for finishing or
 * discarding a replacement a crash interrupted. Both halves live here so that the protocol and its recovery are
 * read, changed and tested together.
 *
 * <p>Replacement (under the log's lock, the copy already flushed): the copy's files go {@code .cleaned} →
 * {@code .swap}; the copy enters the segment map (at the first old segment's base offset, replacing that entry,
 * before the others leave, so a lock-free reader always finds a segment for every offset); the old segments'
 * files go to {@code .deleted} through {@link SegmentDeleter}; the copy's files go {@code .swap} → final name. The
 * directory is fsynced after the {@code .swap} renames and after the final ones.
 *
 * <p>Crash behaviour: the commit point is the rename of the copy's last file to {@code .swap}. Before it some
 * file is still {@code .cleaned}, and {@link #recoverInterrupted} discards the copy (the old segments are
 * intact); after it, {@link #recoverInterrupted} completes the replacement. Stateless; the replacement runs
 * under the log's lock, the recovery before the log is loaded.
 */
final class SegmentSwap {
    private static final Logger log = LoggerFactory.getLogger(SegmentSwap.class);

    /** Observes the protocol between its steps; tests use it to stop there as a crash would. */
    interface Steps {
        Steps NONE = step -> { };

        void completed(String step) throws IOException;
    }

    private SegmentSwap() {
    }

    /**
     * Replaces {@code old} (consecutive, in offset order, none of them active) by {@code cleaned}, whose files
     * end with {@code .cleaned} and whose base offset is the first old segment's.
     */
    static void replace(File dir, LogSegments segments, LogSegment cleaned, List<LogSegment> old,
                        OldSegmentSink deleter, Steps steps) throws IOException {
        if (old.isEmpty() || old.get(0).baseOffset() != cleaned.baseOffset()) {
            throw new IllegalArgumentException("Cleaned segment " + cleaned + " does not start the group " + old);
        }
        cleaned.changeFileSuffixes(LogFileNames.CLEANED_SUFFIX, LogFileNames.SWAP_SUFFIX);
        Utils.flushDir(dir.toPath());
        steps.completed("swap renamed");
        segments.add(cleaned);
        for (LogSegment s : old) {
            if (s.baseOffset() != cleaned.baseOffset()) {
                segments.remove(s.baseOffset());
            }
        }
        deleter.deleteLater(old);
        steps.completed("old segments deleted");
        cleaned.changeFileSuffixes(LogFileNames.SWAP_SUFFIX, "");
        Utils.flushDir(dir.toPath());
        steps.completed("final names");
    }

    /** Where replaced segments go: renamed {@code .deleted} at once, deleted later. */
    interface OldSegmentSink {
        void deleteLater(List<LogSegment> removed) throws IOException;
    }

    /**
     * Finishes or discards a replacement interrupted by a crash, leaving only final names (and leftovers the
     * loader deletes anyway). Kafka's rules: {@code .swap} files at or above the smallest {@code .cleaned} base
     * offset belong to a copy that was never committed and go, with every {@code .cleaned} file; each remaining
     * {@code .swap} log file covers [its base offset, the offset after its last valid batch), and every other
     * file named in that range belongs to a replaced segment and goes; then the {@code .swap} files lose their
     * suffix.
     */
    static void recoverInterrupted(File dir) throws IOException {
        File[] files = dir.listFiles();
        if (files == null) {
            throw new IOException("Cannot list partition directory " + dir);
        }
        List<File> cleaned = new ArrayList<>();
        List<File> swaps = new ArrayList<>();
        long minCleaned = Long.MAX_VALUE;
        for (File f : files) {
            String name = f.getName();
            if (name.endsWith(LogFileNames.CLEANED_SUFFIX)) {
                cleaned.add(f);
                minCleaned = Math.min(minCleaned, leadingOffset(name).orElse(Long.MAX_VALUE));
            } else if (name.endsWith(LogFileNames.SWAP_SUFFIX)) {
                swaps.add(f);
            }
        }
        if (cleaned.isEmpty() && swaps.isEmpty()) {
            return;
        }
        List<File> kept = new ArrayList<>();
        for (File f : swaps) {
            if (leadingOffset(f.getName()).orElse(Long.MAX_VALUE) >= minCleaned) {
                delete(f, "swap file of an uncommitted cleaned copy");
            } else {
                kept.add(f);
            }
        }
        for (File f : cleaned) {
            delete(f, "uncommitted cleaned file");
        }
        long minSwap = Long.MAX_VALUE;
        long maxSwap = Long.MIN_VALUE;
        for (File f : kept) {
            String name = f.getName();
            OptionalLong base = LogFileNames.offsetFromFileName(name,
                    LogFileNames.LOG_SUFFIX + LogFileNames.SWAP_SUFFIX);
            if (base.isPresent()) {
                minSwap = Math.min(minSwap, base.getAsLong());
                maxSwap = Math.max(maxSwap, nextOffset(f, base.getAsLong()));
            }
        }
        for (File f : files) {
            String name = f.getName();
            OptionalLong offset = leadingOffset(name);
            if (!name.endsWith(LogFileNames.SWAP_SUFFIX) && offset.isPresent() && offset.getAsLong() >= minSwap
                    && offset.getAsLong() < maxSwap) {
                delete(f, "file of a segment replaced by a cleaned copy");
            }
        }
        for (File f : kept) {
            String name = f.getName();
            File target = new File(dir, name.substring(0, name.length() - LogFileNames.SWAP_SUFFIX.length()));
            log.info("Completing the replacement of segments: renaming {} to {}", f, target.getName());
            Utils.atomicMoveWithFallback(f.toPath(), target.toPath(), false);
        }
        Utils.flushDir(dir.toPath());
    }

    /** The offset after the last valid batch of a segment file, or its base offset if it has none. */
    private static long nextOffset(File logFile, long baseOffset) throws IOException {
        long next = baseOffset;
        try (FileRecords records = FileRecords.open(logFile, false)) {
            for (FileChannelRecordBatch batch : records.batches()) {
                if (!batch.isValid()) {
                    break;
                }
                next = batch.lastOffset() + 1;
            }
        } catch (org.apache.kafka.common.errors.CorruptRecordException e) {
            // A torn tail ends the scan; the segment's own recovery truncates it later.
        }
        return next;
    }

    /** The 20-digit offset a segment, index or snapshot file name starts with, whatever its suffixes. */
    private static OptionalLong leadingOffset(String name) {
        int dot = name.indexOf('.');
        return dot == 20 ? LogFileNames.offsetFromFileName(name.substring(0, 20), "") : OptionalLong.empty();
    }

    private static void delete(File f, String why) throws IOException {
        log.info("Deleting {}: {}", f, why);
        Files.deleteIfExists(f.toPath());
    }
}
