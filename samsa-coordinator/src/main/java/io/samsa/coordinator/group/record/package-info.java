/**
 * The records of {@code __consumer_offsets} in Kafka's own byte layout, so that Kafka's tools (and a Kafka broker)
 * can read a Samsa log and the other way round.
 *
 * <p>Every record has a key and, except for tombstones, a value; both start with an int16 version. The key version
 * says what the record is: 0 or 1 an {@link io.samsa.coordinator.group.record.OffsetCommitKey} (0 was written by
 * Kafka before 0.10.0, it has the same layout), 2 a {@link io.samsa.coordinator.group.record.GroupMetadataKey}; 3 to 8
 * a KIP-848 consumer group record ({@link io.samsa.coordinator.group.record.ConsumerGroupKey}, values in {@link
 * io.samsa.coordinator.group.record.ConsumerGroupValues}); 9 and above (regular expressions, share and streams groups)
 * are skipped. Schemas follow Kafka's
 * {@code group-coordinator/src/main/resources/common/message/*.json}; {@link
 * io.samsa.coordinator.group.record.GroupRecordSerde} is the only class that knows the bytes.
 */
package io.samsa.coordinator.group.record;
