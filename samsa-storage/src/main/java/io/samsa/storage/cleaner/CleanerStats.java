package io.samsa.storage.cleaner;

/**
 * What one clean of one log did.
 *
 * @param endOffset          the new first dirty offset, to checkpoint
 * @param bytesRead          bytes recopied from the old segments
 * @param bytesWritten       bytes of the cleaned segments
 * @param messagesRead       records read by the recopy
 * @param messagesWritten    records kept
 * @param keylessDropped     records without a key, dropped
 * @param mapUtilization     share of the offset map used
 * @param dirtyRatioBefore   dirty ratio when the clean started
 * @param dirtyRatioAfter    dirty ratio after it
 */
public record CleanerStats(long endOffset, long bytesRead, long bytesWritten, long messagesRead, long messagesWritten,
                           long keylessDropped, double mapUtilization, double dirtyRatioBefore,
                           double dirtyRatioAfter) {
}
