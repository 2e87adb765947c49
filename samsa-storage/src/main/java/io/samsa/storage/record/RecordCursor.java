package io.samsa.storage.record;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.errors.CorruptRecordException;
import org.apache.kafka.common.record.CompressionType;
import org.apache.kafka.common.record.DefaultRecordBatch;
import org.apache.kafka.common.record.RecordBatch;
import org.apache.kafka.common.utils.BufferSupplier;

/**
 * Walks the records of one record batch (format v2) in a single pass, checking each record's structure, without
 * creating an object per record: {@link #next()} moves to the next record and the accessors describe it. Key,
 * value and header bytes are skipped, not read. A compressed batch is decompressed as a stream (kafka-clients'
 * {@code Compression.wrapForInput}) into buffers taken from the caller's {@link BufferSupplier} and given back
 * by {@link #close()}; an uncompressed batch is read in place.
 *
 * <p>A record, as the format lays it out: {@code length} (varint: the bytes after it), {@code attributes} (one
 * byte, unused by format v2), {@code timestampDelta} (varlong), {@code offsetDelta} (varint), {@code keyLength}
 * (varint, -1 for null) and the key, {@code valueLength} (varint, -1 for null) and the value, {@code headerCount}
 * (varint), then per header {@code keyLength} (varint, at least 0), the key, {@code valueLength} (varint, -1 for
 * null) and the value.
 *
 * <p>Structural rules, each an {@link InvalidRecordException} naming the record: every varint well formed; the
 * fields fill the record's length exactly; key, value and header value lengths at least -1 (the Java client
 * reads any negative length as null, but librdkafka fails to parse anything below -1, and no writer produces it);
 * header
 * key lengths and the header count at least 0; no length overrunning the record; exactly the declared count of
 * records, with no bytes left over. A payload that does not decompress is an {@link InvalidRecordException} too:
 * it passed its CRC, so it is what the producer sent, and a retry would send it again. The rules on what the
 * fields mean (offset deltas, keys, timestamps) belong to the caller.
 *
 * <p>Used by the produce-path validator. Broker-side recompression (issue 11) is meant to reuse this walk, so the
 * validation and the re-encoding stay one pass: it would add a way to read the current record's bytes instead of
 * skipping them ({@link RecordBytes} already knows where each record starts and ends) and feed them to
 * kafka-clients' batch builder. The log cleaner can walk batches read from a segment the same way.
 *
 * <p>Not thread-safe.
 */
public final class RecordCursor implements Closeable {
    /** The attributes' codec bits; the field itself sits right after the CRC. */
    private static final int ATTRIBUTES_OFFSET = DefaultRecordBatch.CRC_OFFSET + 4;
    private static final int COMPRESSION_CODEC_MASK = 0x07;
    private static final Compression[] CODECS = codecs();

    private final RecordBytes bytes;
    private final CompressionType compression;
    private final int count;
    private int index = -1;
    private int sizeInBytes;
    private byte attributes;
    private long timestampDelta;
    private int offsetDelta;
    private int keySize;
    private int valueSize;
    private int headerCount;

    private RecordCursor(RecordBytes bytes, CompressionType compression, int count) {
        this.bytes = bytes;
        this.compression = compression;
        this.count = count;
    }

    /**
     * A cursor before the first record of {@code batch}: one whole v2 batch from its position to its limit, whose
     * header (size, CRC, count) the caller has already checked. The buffer's position and limit are left
     * unchanged. Throws {@link InvalidRecordException} if a compressed payload cannot even start to decompress,
     * {@link CorruptRecordException} for an unknown codec.
     */
    public static RecordCursor open(ByteBuffer batch, BufferSupplier buffers) {
        int start = batch.position();
        CompressionType compression = compressionOf(batch.getShort(start + ATTRIBUTES_OFFSET));
        int count = batch.getInt(start + DefaultRecordBatch.RECORDS_COUNT_OFFSET);
        ByteBuffer records = batch.duplicate().position(start + DefaultRecordBatch.RECORD_BATCH_OVERHEAD);
        if (compression == CompressionType.NONE) {
            return new RecordCursor(new BufferBytes(records), compression, count);
        }
        if (compression == CompressionType.SNAPPY) {
            SnappyPayloadCheck.check(records);
        }
        InputStream in;
        try {
            in = CODECS[compression.id].wrapForInput(records, RecordBatch.MAGIC_VALUE_V2, buffers);
        } catch (KafkaException e) {
            throw new InvalidRecordException("The batch's " + compression.name + " payload cannot be decompressed: "
                    + e.getMessage(), e);
        }
        return new RecordCursor(new StreamBytes(in), compression, count);
    }

    /**
     * Moves to the next record and checks its structure. Returns false once the declared count has been read and
     * nothing is left. Throws {@link InvalidRecordException} as the class doc says.
     */
    public boolean next() {
        int next = index + 1;
        long recordStart = bytes.position();
        try {
            if (next >= count) {
                index = count;
                if (!bytes.atEnd()) {
                    throw new InvalidRecordException("The batch holds more than the " + count
                            + " records it declares");
                }
                return false;
            }
            index = next;
            readRecord();
            return true;
        } catch (BufferUnderflowException | EOFException e) {
            throw endedEarly(next, recordStart);
        } catch (IllegalArgumentException e) {
            if (bytes.reachedEnd()) {
                throw endedEarly(next, recordStart);
            }
            throw invalid(next, e.getMessage());
        } catch (IOException e) {
            throw new InvalidRecordException("The batch's " + compression.name + " payload cannot be decompressed"
                    + " (at record " + next + "): " + e.getMessage(), e);
        }
    }

    /** The bytes ran out while reading record {@code index}, which started at {@code recordStart}. */
    private InvalidRecordException endedEarly(int index, long recordStart) {
        if (bytes.position() == recordStart) {
            return new InvalidRecordException("The batch declares " + count + " records but holds only " + index);
        }
        return invalid(index, "it is cut short by the end of the batch");
    }

    private void readRecord() throws IOException {
        long start = bytes.position();
        int length = bytes.readVarint();
        long bodyStart = bytes.position();
        if (length < 0) {
            throw invalid(index, "record length " + length + " is negative");
        }
        if (length > bytes.remainingUpperBound()) {
            throw invalid(index, "record length " + length + " overruns the batch");
        }
        long end = bodyStart + length;
        attributes = (byte) bytes.readByte();
        timestampDelta = bytes.readVarlong();
        offsetDelta = bytes.readVarint();
        keySize = skipBytesField("key", end);
        valueSize = skipBytesField("value", end);
        headerCount = bytes.readVarint();
        // Every header takes at least two bytes (two lengths), so the count is bounded before any is read.
        if (headerCount < 0 || headerCount > (end - bytes.position()) / 2) {
            throw invalid(index, "header count " + headerCount + " does not fit the record");
        }
        for (int h = 0; h < headerCount; h++) {
            int headerKeySize = bytes.readVarint();
            if (headerKeySize < 0) {
                throw invalid(index, "header " + h + " has a key length of " + headerKeySize);
            }
            skipWithin(headerKeySize, end, "header key");
            skipBytesField("header value", end);
        }
        if (bytes.position() != end) {
            throw invalid(index, "record length " + length + " but its fields take " + (bytes.position() - bodyStart));
        }
        sizeInBytes = (int) (end - start);
    }

    /** Reads a length (at least -1, the null marker) and skips that many bytes; returns the length. */
    private int skipBytesField(String what, long end) throws IOException {
        int size = bytes.readVarint();
        if (size < -1) {
            throw invalid(index, what + " length " + size);
        }
        if (size > 0) {
            skipWithin(size, end, what);
        }
        return size;
    }

    private void skipWithin(int size, long end, String what) throws IOException {
        if (size > end - bytes.position()) {
            throw invalid(index, what + " of " + size + " bytes overruns the record");
        }
        bytes.skip(size);
    }

    private static InvalidRecordException invalid(int index, String detail) {
        return new InvalidRecordException("Record " + index + " of the batch is malformed: " + detail);
    }

    /** Index of the current record in its batch, from 0. */
    public int index() {
        return index;
    }

    /** The current record's size, its length varint included. */
    public int sizeInBytes() {
        return sizeInBytes;
    }

    public byte attributes() {
        return attributes;
    }

    public long timestampDelta() {
        return timestampDelta;
    }

    public int offsetDelta() {
        return offsetDelta;
    }

    /** Key length; -1 for a null key. */
    public int keySize() {
        return keySize;
    }

    /** Value length; -1 for a null value (a tombstone). */
    public int valueSize() {
        return valueSize;
    }

    public int headerCount() {
        return headerCount;
    }

    /** Gives the decompression buffers back to the supplier. */
    @Override
    public void close() {
        try {
            bytes.close();
        } catch (IOException e) {
            throw new InvalidRecordException("The batch's " + compression.name + " payload cannot be closed: "
                    + e.getMessage(), e);
        }
    }

    private static CompressionType compressionOf(short attributes) {
        try {
            return CompressionType.forId(attributes & COMPRESSION_CODEC_MASK);
        } catch (IllegalArgumentException e) {
            throw new CorruptRecordException("Record batch has an unknown compression codec: " + e.getMessage());
        }
    }

    /** One instance per codec: reading ignores the level, so these serve every batch. */
    private static Compression[] codecs() {
        CompressionType[] types = CompressionType.values();
        Compression[] codecs = new Compression[types.length];
        for (CompressionType type : types) {
            codecs[type.id] = Compression.of(type).build();
        }
        return codecs;
    }
}
