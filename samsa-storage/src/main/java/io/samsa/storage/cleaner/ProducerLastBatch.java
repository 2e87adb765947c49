package io.samsa.storage.cleaner;

/**
 * What a clean must keep of an active producer: the batch ending at {@code lastDataOffset} (its sequence state), or,
 * when its last entry is a transaction marker ({@code lastDataOffset} -1), its control batches of
 * {@code producerEpoch} (its epoch). Kafka's LastRecord.
 */
record ProducerLastBatch(long lastDataOffset, short producerEpoch) {
}
