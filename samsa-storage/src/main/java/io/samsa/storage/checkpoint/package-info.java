/**
 * Small text files that record state outside the segments, in Kafka's formats: the per-log-dir offset
 * checkpoints (recovery point, log start offset, high watermark) and the per-partition
 * {@code partition.metadata} file. Every write goes to a temporary file that is fsynced and atomically renamed.
 */
package io.samsa.storage.checkpoint;
