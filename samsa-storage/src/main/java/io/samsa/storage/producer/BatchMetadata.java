package io.samsa.storage.producer;

/**
 * What the producer state remembers of one appended batch: enough to recognise a retry and answer it with the
 * original offsets.
 *
 * @param firstSeq    the batch's base sequence
 * @param lastSeq     the batch's last sequence
 * @param firstOffset offset assigned to the first record
 * @param lastOffset  offset assigned to the last record
 * @param timestamp   the batch's max timestamp
 */
public record BatchMetadata(int firstSeq, int lastSeq, long firstOffset, long lastOffset, long timestamp) {
}
