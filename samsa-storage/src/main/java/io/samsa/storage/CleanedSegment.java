package io.samsa.storage;

import io.samsa.storage.txn.AbortedTxn;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.MutableRecordBatch;
import org.apache.kafka.common.record.RecordBatch;
import org.apache.kafka.common.utils.Time;

/**
 * The cleaned copy of a group of segments while it is written: {@code <base>.log.cleaned} and its indexes,
 * invisible to readers and to the loader (which deletes {@code .cleaned} files) until
 * {@link Log#replaceSegments} swaps it in.
 *
 * <p>Owned by one cleaner thread: append, then {@link #finish}, then hand it to {@link Log#replaceSegments}, or
 * {@link #discard} it. Not thread-safe.
 */
public final class CleanedSegment {
    private final LogSegment segment;
    private boolean finished;

    private CleanedSegment(LogSegment segment) {
        this.segment = segment;
    }

    static CleanedSegment create(File dir, long baseOffset, LogConfig config, Time time) throws IOException {
        // An earlier copy abandoned by an abort or an I/O error would otherwise be appended to.
        for (File f : List.of(LogFileNames.logFile(dir, baseOffset), LogFileNames.offsetIndexFile(dir, baseOffset),
                LogFileNames.timeIndexFile(dir, baseOffset), LogFileNames.txnIndexFile(dir, baseOffset))) {
            Files.deleteIfExists(new File(f.getPath() + LogFileNames.CLEANED_SUFFIX).toPath());
        }
        return new CleanedSegment(LogSegment.open(dir, baseOffset, config, time, LogFileNames.CLEANED_SUFFIX));
    }

    LogSegment segment() {
        return segment;
    }

    public long baseOffset() {
        return segment.baseOffset();
    }

    /** Size of the copy so far in bytes. */
    public int sizeInBytes() {
        return segment.size();
    }

    /** Appends retained batches, offsets unchanged; {@code largestOffset} is the last offset among them. */
    public void append(long largestOffset, MemoryRecords records) throws IOException {
        if (finished) {
            throw new IllegalStateException("Cleaned segment " + segment + " is finished");
        }
        List<RecordBatch> batches = new ArrayList<>();
        for (MutableRecordBatch batch : records.batches()) {
            batches.add(batch);
        }
        if (!batches.isEmpty()) {
            segment.append(largestOffset, records, batches);
        }
    }

    /** Records an aborted transaction whose ABORT marker the copy keeps, in the copy's {@code .txnindex}. */
    public void addAbortedTxn(AbortedTxn txn) throws IOException {
        if (finished) {
            throw new IllegalStateException("Cleaned segment " + segment + " is finished");
        }
        segment.txnIndex().append(txn);
    }

    /**
     * Completes the copy: final time index entry, files trimmed and fsynced, modification time set to
     * {@code lastModifiedMs} (the replaced segments' newest, so time retention sees the same age).
     */
    public void finish(long lastModifiedMs) throws IOException {
        segment.onBecomeInactive();
        segment.flush();
        segment.setLastModified(lastModifiedMs);
        finished = true;
    }

    boolean isFinished() {
        return finished;
    }

    /** Closes and deletes the copy's files (an aborted clean). */
    public void discard() throws IOException {
        segment.deleteIfExists();
    }

    @Override
    public String toString() {
        return "Cleaned" + segment;
    }
}
