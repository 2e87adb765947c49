package io.samsa.storage.record;

import java.nio.ByteBuffer;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.utils.ByteUtils;

/**
 * Checks the sizes a snappy payload declares before snappy-java sees it, because snappy-java allocates whatever
 * they say. Measured with kafka-clients 4.1.1 and snappy-java 1.1.10.7: a five-byte raw payload that declares
 * 2^31 - 1 uncompressed bytes makes it attempt a 2 GiB array (OutOfMemoryError), one declaring 1 GB allocates
 * 1 GB of heap before failing, and a framed payload may announce a chunk of up to 512 MiB. A broker with a 1 GiB
 * heap could be knocked over by a produce request of a few dozen bytes.
 *
 * <p>Layouts (facts of snappy-java's {@code SnappyInputStream}, which kafka-clients uses): a framed payload
 * starts with a 16-byte header (8 magic bytes {@code 82 'SNAPPY' 00}, two 4-byte versions), followed by chunks,
 * each a 4-byte big-endian length and a raw snappy block; a chunk length equal to the magic's first four bytes
 * starts another header (concatenated streams). Anything else is one raw snappy block. A raw block starts with
 * its uncompressed length as an unsigned varint, and no snappy element produces more than 64 bytes from 3
 * (a copy with a 2-byte offset), so a block of {@code n} bytes never decompresses to more than
 * {@code 64 / 3 * n}; this check allows {@value #MAX_EXPANSION} times.
 *
 * <p>Stateless; thread-safe.
 */
final class SnappyPayloadCheck {
    static final int MAX_EXPANSION = 22;
    private static final int HEADER_SIZE = 16;
    private static final byte[] MAGIC = {(byte) 0x82, 'S', 'N', 'A', 'P', 'P', 'Y', 0};
    private static final int MAGIC_HEAD = ((MAGIC[0] & 0xFF) << 24) | (MAGIC[1] << 16) | (MAGIC[2] << 8) | MAGIC[3];

    private SnappyPayloadCheck() {
    }

    /**
     * Throws {@link InvalidRecordException} if {@code payload} (position to limit, left unchanged) is not framed
     * as snappy-java reads it, or declares more uncompressed bytes than its size allows.
     */
    static void check(ByteBuffer payload) {
        ByteBuffer view = payload.duplicate();
        int start = view.position();
        int end = view.limit();
        if (end - start < HEADER_SIZE || !magicAt(view, start)) {
            checkBlock(view, start, end - start, end);
            return;
        }
        int position = start + HEADER_SIZE;
        while (position < end) {
            if (end - position < 4) {
                throw new InvalidRecordException("Snappy payload ends inside a chunk length");
            }
            int length = view.getInt(position);
            if (length == MAGIC_HEAD) {
                if (end - position < HEADER_SIZE || !magicAt(view, position)) {
                    throw new InvalidRecordException("Snappy payload has a malformed concatenated header");
                }
                position += HEADER_SIZE;
                continue;
            }
            if (length < 0 || length > end - position - 4) {
                throw new InvalidRecordException("Snappy chunk of " + length + " bytes overruns its payload of "
                        + (end - start) + " bytes");
            }
            checkBlock(view, position + 4, length, end);
            position += 4 + length;
        }
    }

    private static boolean magicAt(ByteBuffer buffer, int position) {
        for (int i = 0; i < MAGIC.length; i++) {
            if (buffer.get(position + i) != MAGIC[i]) {
                return false;
            }
        }
        return true;
    }

    private static void checkBlock(ByteBuffer view, int start, int length, int end) {
        view.limit(start + length).position(start);
        long declared;
        try {
            declared = Integer.toUnsignedLong(ByteUtils.readUnsignedVarint(view));
        } catch (RuntimeException e) {
            throw new InvalidRecordException("Snappy block of " + length + " bytes has no valid length: " + e);
        }
        if (declared > (long) length * MAX_EXPANSION) {
            throw new InvalidRecordException("Snappy block of " + length + " bytes declares " + declared
                    + " uncompressed bytes, more than snappy can encode in it");
        }
        view.limit(end);
    }
}
