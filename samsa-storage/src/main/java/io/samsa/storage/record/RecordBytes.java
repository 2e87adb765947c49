package io.samsa.storage.record;

import java.io.Closeable;
import java.io.IOException;

/**
 * The bytes of a batch's records as {@link RecordCursor} reads them: either the batch's own buffer (uncompressed)
 * or a decompressing stream. Knows its position, so the cursor can hold every record to its declared length.
 *
 * <p>Failures: reading past the end throws {@link java.nio.BufferUnderflowException} or
 * {@link java.io.EOFException}; a malformed varint throws {@link IllegalArgumentException} (from kafka-clients'
 * {@code ByteUtils}); a payload that does not decompress throws another {@link IOException}.
 *
 * <p>Not thread-safe: one cursor reads it.
 */
interface RecordBytes extends Closeable {
    int readByte() throws IOException;

    int readVarint() throws IOException;

    long readVarlong() throws IOException;

    /** Skips exactly {@code n} bytes ({@code n >= 0}). */
    void skip(int n) throws IOException;

    /** Bytes consumed so far. */
    long position();

    /** Whether nothing is left; may consume a byte when something is. */
    boolean atEnd() throws IOException;

    /** Whether a read has run into the end of the bytes. */
    boolean reachedEnd();

    /** Bytes known to be left, or {@code Long.MAX_VALUE} for a stream, whose length is unknown until read. */
    long remainingUpperBound();
}
