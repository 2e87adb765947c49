/**
 * The sparse, memory-mapped indexes of one log segment, in Kafka's on-disk format: the offset index
 * ({@code .index}, relative offset to file position) and the time index ({@code .timeindex}, timestamp to
 * relative offset). Internal to samsa-storage: only {@code LogSegment} uses these classes.
 */
package io.samsa.storage.index;
