package io.samsa.storage;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The segments of one log, ordered by base offset.
 *
 * <p>In memory only; the directory listing is rebuilt by the loader. Threading: backed by a concurrent skip
 * list, so readers look segments up without a lock while the log adds and removes them under its lock.
 */
final class LogSegments {
    private final ConcurrentSkipListMap<Long, LogSegment> segments = new ConcurrentSkipListMap<>();

    void add(LogSegment segment) {
        segments.put(segment.baseOffset(), segment);
    }

    void remove(long baseOffset) {
        segments.remove(baseOffset);
    }

    boolean isEmpty() {
        return segments.isEmpty();
    }

    int numberOfSegments() {
        return segments.size();
    }

    LogSegment first() {
        Map.Entry<Long, LogSegment> e = segments.firstEntry();
        return e == null ? null : e.getValue();
    }

    LogSegment last() {
        Map.Entry<Long, LogSegment> e = segments.lastEntry();
        return e == null ? null : e.getValue();
    }

    LogSegment get(long baseOffset) {
        return segments.get(baseOffset);
    }

    /** The segment that would hold {@code offset}: the one with the largest base offset at most it. */
    LogSegment floor(long offset) {
        Map.Entry<Long, LogSegment> e = segments.floorEntry(offset);
        return e == null ? null : e.getValue();
    }

    LogSegment higher(long baseOffset) {
        Map.Entry<Long, LogSegment> e = segments.higherEntry(baseOffset);
        return e == null ? null : e.getValue();
    }

    /** All segments in order (a weakly consistent view). */
    Collection<LogSegment> values() {
        return segments.values();
    }

    /** Snapshot of the segments whose base offset is in [from, to). */
    List<LogSegment> range(long from, long to) {
        if (from >= to) {
            return List.of();
        }
        return new ArrayList<>(segments.subMap(from, true, to, false).values());
    }

    /** Snapshot of the segment holding {@code offset} and all after it. */
    List<LogSegment> from(long offset) {
        Long floor = segments.floorKey(offset);
        return new ArrayList<>(segments.tailMap(floor == null ? offset : floor, true).values());
    }

    long sizeInBytes() {
        long size = 0;
        for (LogSegment s : segments.values()) {
            size += s.size();
        }
        return size;
    }

    void clear() {
        segments.clear();
    }
}
