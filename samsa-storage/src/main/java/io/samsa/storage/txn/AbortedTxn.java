package io.samsa.storage.txn;

/**
 * One entry of a segment's {@code .txnindex}: an aborted transaction whose ABORT marker is in that segment.
 *
 * @param producerId       the producer whose transaction was aborted
 * @param firstOffset      offset of the transaction's first batch in this partition
 * @param lastOffset       offset of the ABORT marker
 * @param lastStableOffset the partition's last stable offset once the marker was written: no transaction still
 *                         open then starts below it, so a search for aborted transactions below an offset may
 *                         stop at the first entry whose {@code lastStableOffset} reaches that offset
 */
public record AbortedTxn(long producerId, long firstOffset, long lastOffset, long lastStableOffset) {
}
