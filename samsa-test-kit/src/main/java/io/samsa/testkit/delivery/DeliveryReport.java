package io.samsa.testkit.delivery;

import java.util.List;

/**
 * What a {@link DeliveryChecker} found when it compared the acknowledgements with the partitions read back. A value.
 *
 * @param acknowledged       records the producer got an acknowledgement for
 * @param failedSends        records whose send failed (not acknowledged; they may or may not be in the log)
 * @param read               records read back, counting every occurrence
 * @param lost               acknowledged records not read back at all
 * @param duplicated         records (acknowledged or not) read back more than once
 * @param moved              acknowledged records read back, but never at the partition and offset acknowledged
 * @param unacknowledgedRead records read back that were never acknowledged: allowed (a send that timed out may
 *                           still have been written), reported for information
 * @param examples           the first problems found, one line each, for the failure message
 */
public record DeliveryReport(long acknowledged, long failedSends, long read, long lost, long duplicated, long moved,
                             long unacknowledgedRead, List<String> examples) {
    /** No acknowledged record lost or moved, and nothing read twice. */
    public boolean isClean() {
        return lost == 0 && duplicated == 0 && moved == 0;
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder()
                .append("acknowledged=").append(acknowledged)
                .append(" lost=").append(lost)
                .append(" duplicated=").append(duplicated)
                .append(" moved=").append(moved)
                .append(" (read=").append(read)
                .append(", failed sends=").append(failedSends)
                .append(", read but never acknowledged=").append(unacknowledgedRead).append(')');
        examples.forEach(e -> b.append("\n  ").append(e));
        return b.toString();
    }
}
