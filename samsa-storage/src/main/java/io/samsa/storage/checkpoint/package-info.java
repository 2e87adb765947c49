/**
 * Small text files that record state outside the segments, in Kafka's formats: the per-log-dir offset
 * checkpoints (recovery point, log start offset, high watermark) and the per-partition
 * {@code partition.metadata} file. Every write goes to a temporary file that is atomically renamed, fsynced first
 * except for a new partition's {@code partition.metadata}, which its log manager syncs in a batch.
 */
package io.samsa.storage.checkpoint;
