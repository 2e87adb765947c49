package io.samsa.storage.cleaner;

import io.samsa.storage.SegmentView;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits the segments to recopy into groups, each recopied into one segment: consecutive segments are merged
 * while their total size stays within {@code segment.bytes} and their offsets within one segment's 32-bit
 * relative range. Pure; stateless.
 */
public final class SegmentGrouper {
    private SegmentGrouper() {
    }

    /**
     * @param segments  consecutive segments, oldest first
     * @param maxBytes  {@code segment.bytes}
     * @param endOffset the offset after the last segment's range (the next segment's base offset)
     */
    public static List<List<SegmentView>> group(List<SegmentView> segments, int maxBytes, long endOffset) {
        List<List<SegmentView>> groups = new ArrayList<>();
        int i = 0;
        while (i < segments.size()) {
            List<SegmentView> group = new ArrayList<>();
            SegmentView first = segments.get(i);
            group.add(first);
            long bytes = first.sizeInBytes();
            i++;
            while (i < segments.size()) {
                SegmentView next = segments.get(i);
                long nextEnd = i + 1 < segments.size() ? segments.get(i + 1).baseOffset() : endOffset;
                boolean fits = bytes + next.sizeInBytes() <= maxBytes
                        && (next.sizeInBytes() == 0 || nextEnd - 1 - first.baseOffset() <= Integer.MAX_VALUE);
                if (!fits) {
                    break;
                }
                group.add(next);
                bytes += next.sizeInBytes();
                i++;
            }
            groups.add(group);
        }
        return groups;
    }
}
