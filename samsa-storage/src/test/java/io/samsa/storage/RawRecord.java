package io.samsa.storage;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.utils.ByteUtils;

/**
 * Test-only writer of one record in format v2, field by field, so a test can get any field wrong: by default a
 * well-formed record; each {@code with...} replaces what is written for one field. Lengths are written as given,
 * whatever bytes follow them.
 */
public final class RawRecord {
    private Integer length;
    private int offsetDelta;
    private long timestampDelta;
    private byte[] key = "k".getBytes(StandardCharsets.UTF_8);
    private Integer keyLength;
    private byte[] value = "v".getBytes(StandardCharsets.UTF_8);
    private Integer valueLength;
    private Integer headerCount;
    private byte[] headers = new byte[0];
    private int headerEntries;
    private byte[] rawTimestampDelta;

    public static RawRecord at(int offsetDelta) {
        RawRecord r = new RawRecord();
        r.offsetDelta = offsetDelta;
        return r;
    }

    /** Writes {@code length} as the record's length, whatever its fields take. */
    public RawRecord withLength(int length) {
        this.length = length;
        return this;
    }

    public RawRecord withTimestampDelta(long delta) {
        this.timestampDelta = delta;
        return this;
    }

    /** Writes these bytes in place of the timestamp delta (for malformed varlongs). */
    public RawRecord withRawTimestampDelta(byte... bytes) {
        this.rawTimestampDelta = bytes;
        return this;
    }

    public RawRecord withKey(byte[] key) {
        this.key = key;
        return this;
    }

    /** Writes {@code length} as the key length, followed by the key bytes (none for a null key). */
    public RawRecord withKeyLength(int length) {
        this.keyLength = length;
        return this;
    }

    public RawRecord withValue(byte[] value) {
        this.value = value;
        return this;
    }

    public RawRecord withValueLength(int length) {
        this.valueLength = length;
        return this;
    }

    /** Adds a header written with the given key and value lengths, then the given bytes. */
    public RawRecord withHeader(int keyLength, byte[] key, int valueLength, byte[] value) {
        ByteBuffer b = ByteBuffer.allocate(headers.length + 10 + key.length + value.length);
        b.put(headers);
        ByteUtils.writeVarint(keyLength, b);
        b.put(key);
        ByteUtils.writeVarint(valueLength, b);
        b.put(value);
        headers = java.util.Arrays.copyOf(b.array(), b.position());
        headerEntries++;
        return this;
    }

    public RawRecord withHeader(String key, String value) {
        byte[] k = key.getBytes(StandardCharsets.UTF_8);
        byte[] v = value.getBytes(StandardCharsets.UTF_8);
        return withHeader(k.length, k, v.length, v);
    }

    /** Writes {@code count} as the header count, whatever headers follow. */
    public RawRecord withHeaderCount(int count) {
        this.headerCount = count;
        return this;
    }

    public byte[] bytes() {
        ByteBuffer body = ByteBuffer.allocate(64 + lengthOf(key) + lengthOf(value) + headers.length);
        body.put((byte) 0);
        if (rawTimestampDelta != null) {
            body.put(rawTimestampDelta);
        } else {
            ByteUtils.writeVarlong(timestampDelta, body);
        }
        ByteUtils.writeVarint(offsetDelta, body);
        ByteUtils.writeVarint(keyLength != null ? keyLength : key == null ? -1 : key.length, body);
        if (key != null) {
            body.put(key);
        }
        ByteUtils.writeVarint(valueLength != null ? valueLength : value == null ? -1 : value.length, body);
        if (value != null) {
            body.put(value);
        }
        ByteUtils.writeVarint(headerCount != null ? headerCount : headerEntries, body);
        body.put(headers);
        body.flip();
        ByteBuffer record = ByteBuffer.allocate(body.remaining() + 5);
        ByteUtils.writeVarint(length != null ? length : body.remaining(), record);
        record.put(body);
        return java.util.Arrays.copyOf(record.array(), record.position());
    }

    /** Concatenates records into a records region. */
    public static byte[] concat(byte[]... records) {
        int size = 0;
        for (byte[] r : records) {
            size += r.length;
        }
        ByteBuffer b = ByteBuffer.allocate(size);
        for (byte[] r : records) {
            b.put(r);
        }
        return b.array();
    }

    private static int lengthOf(byte[] b) {
        return b == null ? 0 : b.length;
    }
}
