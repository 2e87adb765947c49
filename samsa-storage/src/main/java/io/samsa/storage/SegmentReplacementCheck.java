package io.samsa.storage;

import java.util.ArrayList;
import java.util.List;

/**
 * Decides whether segments read by the cleaner may still be replaced: they must all still be in the log, the
 * very same objects, consecutive, and none of them the active segment. Stateless; called under the log's lock.
 */
final class SegmentReplacementCheck {
    private SegmentReplacementCheck() {
    }

    /** The segments behind {@code views}, or null if the log no longer holds exactly them. */
    static List<LogSegment> currentSegments(LogSegments segments, List<SegmentView> views) {
        if (views.isEmpty()) {
            return null;
        }
        List<LogSegment> current = new ArrayList<>();
        LogSegment expected = segments.get(views.get(0).baseOffset());
        for (SegmentView view : views) {
            if (expected == null || expected != view.segment() || expected == segments.last()) {
                return null;
            }
            current.add(expected);
            expected = segments.higher(expected.baseOffset());
        }
        return current;
    }
}
