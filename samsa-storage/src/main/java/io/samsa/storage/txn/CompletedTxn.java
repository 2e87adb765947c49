package io.samsa.storage.txn;

/**
 * A transaction closed by a marker in this partition, as the producer state reports it to the log.
 *
 * @param producerId  the producer
 * @param firstOffset offset of the transaction's first batch in this partition
 * @param lastOffset  offset of the marker
 * @param aborted     true for an ABORT marker, false for COMMIT
 */
public record CompletedTxn(long producerId, long firstOffset, long lastOffset, boolean aborted) {
}
