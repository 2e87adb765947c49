package io.samsa.storage.epoch;

/**
 * The first offset written in a leader epoch: every record from {@code startOffset} up to the start of the next
 * epoch was appended by the leader of {@code epoch}.
 *
 * @param epoch       the leader epoch
 * @param startOffset its first offset
 */
public record EpochEntry(int epoch, long startOffset) {
}
