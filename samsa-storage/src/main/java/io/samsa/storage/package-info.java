/**
 * One broker's logs on disk in Kafka's layout: segments, offset and time indexes, recovery, retention and
 * producer state for idempotence. Knows nothing of the network or of ZooKeeper.
 *
 * <p>Public API: {@link io.samsa.storage.LogManager} (all logs of the broker, per-log-dir checkpoints and
 * background tasks) and {@link io.samsa.storage.Log} (one partition) with their parameter and result records,
 * and {@link io.samsa.storage.RecordValidationException} (produced records rejected, with the records to blame).
 * Inside: {@code LogSegment} (one {@code .log} file and its indexes), {@code LogSegments}, {@code LogLoader}
 * (open and recovery), {@code BatchValidator} and {@code RecordValidator} (validation of every produced record),
 * {@code RetentionPolicy}, {@code SegmentDeleter} (delayed deletion), {@code OffsetLookup} (ListOffsets).
 * Sub-packages: {@code index} (memory-mapped indexes), {@code producer} (idempotence state and snapshots),
 * {@code checkpoint} (checkpoint and metadata text files), {@code record} (a one-pass walk over a batch's
 * records).
 */
package io.samsa.storage;
