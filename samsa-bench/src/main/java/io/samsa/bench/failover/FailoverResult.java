package io.samsa.bench.failover;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalDouble;

/**
 * What the producer saw around a {@code kill -9} of a partition's leader, computed from its {@link Ack}s.
 *
 * <p>Worked example: sends acknowledged at 10, 20 and 30 ms, the leader of partition 0 killed at 35 ms, then
 * acknowledgements on partition 1 at 40 ms and on partition 0 at 9,035 ms (a send made at 36 ms): partition
 * recovery is 9,000 ms (so is the recovery of a send made after the kill), every partition has made progress
 * 9,000 ms after the kill, and the longest gap between acknowledgements is 9,035 − 40 = 8,995 ms.
 *
 * @param acknowledgedBefore sends acknowledged before the kill
 * @param acknowledgedAfter  sends acknowledged after the kill, up to the end of observation
 * @param failed             sends whose callback reported an error, up to the end of observation
 * @param firstError         the first of those errors, or null
 * @param partitionMs        kill until the first acknowledgement on the killed leader's partition
 * @param partitionNewSendMs kill until the first acknowledgement on that partition of a send made after the kill
 * @param allPartitionsMs    kill until every partition has had an acknowledgement after the kill
 * @param longestGapMs       the longest time without any acknowledgement, from the last one before the kill to
 *                           the end of observation
 * @param gapStillOpen       whether that gap lasted to the end of observation (no acknowledgement since)
 */
public record FailoverResult(long acknowledgedBefore, long acknowledgedAfter, long failed, String firstError,
                             OptionalDouble partitionMs, OptionalDouble partitionNewSendMs,
                             OptionalDouble allPartitionsMs, double longestGapMs, boolean gapStillOpen) {

    /**
     * @param acks       every send's outcome, in any order
     * @param killNanos  when the leader was killed
     * @param endNanos   end of observation; outcomes after it are ignored
     * @param partition  the partition whose leader was killed
     * @param partitions how many partitions the topic has (0..partitions-1)
     */
    public static FailoverResult of(List<Ack> acks, long killNanos, long endNanos, int partition, int partitions) {
        List<Ack> seen = new ArrayList<>(acks.stream().filter(a -> a.doneNanos() <= endNanos).toList());
        seen.sort(Comparator.comparingLong(Ack::doneNanos));
        long before = 0;
        long after = 0;
        long failed = 0;
        String firstError = null;
        long lastAckNanos = killNanos;
        long firstOnPartition = -1;
        long firstNewSendOnPartition = -1;
        long[] firstAfterKill = new long[partitions];
        java.util.Arrays.fill(firstAfterKill, -1);
        double longestGap = 0;
        for (Ack a : seen) {
            if (!a.acknowledged()) {
                failed++;
                firstError = firstError == null ? a.error() : firstError;
                continue;
            }
            if (a.doneNanos() <= killNanos) {
                before++;
                lastAckNanos = a.doneNanos();
                continue;
            }
            after++;
            longestGap = Math.max(longestGap, a.doneNanos() - lastAckNanos);
            lastAckNanos = a.doneNanos();
            if (firstAfterKill[a.partition()] < 0) {
                firstAfterKill[a.partition()] = a.doneNanos();
            }
            if (a.partition() == partition) {
                firstOnPartition = firstOnPartition < 0 ? a.doneNanos() : firstOnPartition;
                if (firstNewSendOnPartition < 0 && a.sentNanos() > killNanos) {
                    firstNewSendOnPartition = a.doneNanos();
                }
            }
        }
        double trailing = endNanos - lastAckNanos;
        boolean open = trailing > longestGap;
        longestGap = Math.max(longestGap, trailing);
        return new FailoverResult(before, after, failed, firstError, sinceKill(firstOnPartition, killNanos),
                sinceKill(firstNewSendOnPartition, killNanos), allPartitions(firstAfterKill, killNanos),
                longestGap / 1e6, open);
    }

    private static OptionalDouble sinceKill(long nanos, long killNanos) {
        return nanos < 0 ? OptionalDouble.empty() : OptionalDouble.of((nanos - killNanos) / 1e6);
    }

    private static OptionalDouble allPartitions(long[] firstAfterKill, long killNanos) {
        long last = 0;
        for (long t : firstAfterKill) {
            if (t < 0) {
                return OptionalDouble.empty();
            }
            last = Math.max(last, t);
        }
        return sinceKill(last, killNanos);
    }

    /** Partitions without an acknowledgement after the kill. */
    public static List<Integer> stalledPartitions(List<Ack> acks, long killNanos, long endNanos, int partitions) {
        boolean[] progressed = new boolean[partitions];
        for (Ack a : acks) {
            if (a.acknowledged() && a.doneNanos() > killNanos && a.doneNanos() <= endNanos) {
                progressed[a.partition()] = true;
            }
        }
        List<Integer> out = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            if (!progressed[p]) {
                out.add(p);
            }
        }
        return out;
    }
}
