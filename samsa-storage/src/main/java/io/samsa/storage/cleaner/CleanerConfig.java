package io.samsa.storage.cleaner;

/**
 * Broker-wide cleaner settings for one cleaner thread (Kafka's {@code log.cleaner.*} names).
 *
 * @param dedupeBufferBytes offset-map memory ({@code log.cleaner.dedupe.buffer.size} / threads)
 * @param loadFactor        share of the map's slots used ({@code log.cleaner.io.buffer.load.factor}, 0.9)
 * @param ioBufferBytes     initial read and write buffer size ({@code log.cleaner.io.buffer.size} / threads / 2)
 * @param maxMessageBytes   the buffers grow up to this to fit one batch
 */
public record CleanerConfig(int dedupeBufferBytes, double loadFactor, int ioBufferBytes, int maxMessageBytes) {
}
