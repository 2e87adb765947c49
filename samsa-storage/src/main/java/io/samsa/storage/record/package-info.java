/**
 * Reading the records inside a record batch (format v2) without materializing them: {@link
 * io.samsa.storage.record.RecordCursor} walks a batch's records, decompressing compressed batches as a stream
 * into reused buffers, and checks their structure as it goes. The produce-path validator uses it today; the
 * log cleaner and broker-side recompression (issue 11) are meant to reuse the same walk.
 *
 * <p>Inside: {@code RecordBytes} (the byte source a cursor reads: a batch's own buffer, or a decompressing
 * stream) and {@code SnappyPayloadCheck} (bounds a snappy payload's declared sizes before snappy-java allocates
 * them).
 */
package io.samsa.storage.record;
