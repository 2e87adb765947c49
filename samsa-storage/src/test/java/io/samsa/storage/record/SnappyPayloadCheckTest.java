package io.samsa.storage.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.CompressionType;
import org.apache.kafka.common.record.DefaultRecordBatch;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.MemoryRecordsBuilder;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.utils.BufferSupplier;
import org.apache.kafka.common.utils.ByteUtils;
import org.junit.jupiter.api.Test;
import org.xerial.snappy.Snappy;

/**
 * Snappy payloads that declare sizes they cannot hold are refused before snappy-java allocates for them; real
 * payloads (framed as kafka-clients writes them, raw as other clients do) pass.
 */
class SnappyPayloadCheckTest {
    private static final byte[] MAGIC = {(byte) 0x82, 'S', 'N', 'A', 'P', 'P', 'Y', 0};

    private static ByteBuffer framedHeader(int extra) {
        ByteBuffer b = ByteBuffer.allocate(16 + extra);
        b.put(MAGIC).putInt(1).putInt(1);
        return b;
    }

    private static long allocatedBytes() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }

    private static void assertRefusedCheaply(ByteBuffer payload) {
        long before = allocatedBytes();
        assertThatThrownBy(() -> SnappyPayloadCheck.check(payload)).isInstanceOf(InvalidRecordException.class);
        assertThat(allocatedBytes() - before).as("bytes allocated").isLessThan(1 << 20);
    }

    @Test
    void aRawBlockDeclaringGigabytesIsRefused() {
        for (int declared : new int[] {Integer.MAX_VALUE, 1_000_000_000, -1}) {
            ByteBuffer raw = ByteBuffer.allocate(32);
            ByteUtils.writeUnsignedVarint(declared, raw);
            assertRefusedCheaply(raw.position(0));
        }
    }

    @Test
    void aFramedChunkLargerThanItsPayloadIsRefused() {
        for (int chunk : new int[] {500_000_000, 0x7FFF_FFF0, -5, 9}) {
            ByteBuffer framed = framedHeader(12).putInt(chunk).put(new byte[8]);
            assertRefusedCheaply(framed.flip());
        }
    }

    @Test
    void aFramedChunkDeclaringGigabytesUncompressedIsRefused() {
        ByteBuffer framed = framedHeader(24).putInt(20);
        ByteUtils.writeUnsignedVarint(900_000_000, framed);
        framed.position(framed.limit());
        assertRefusedCheaply(framed.flip());
    }

    @Test
    void aPayloadEndingInsideAChunkLengthIsRefused() {
        ByteBuffer framed = framedHeader(2).put((byte) 0).put((byte) 0);
        assertRefusedCheaply(framed.flip());
    }

    @Test
    void whatKafkaClientsWritesPasses() {
        MemoryRecordsBuilder builder = MemoryRecords.builder(ByteBuffer.allocate(1 << 20),
                Compression.of(CompressionType.SNAPPY).build(), TimestampType.CREATE_TIME, 0L);
        Random random = new Random(3);
        for (int i = 0; i < 500; i++) {
            byte[] value = new byte[random.nextInt(2000)];
            for (int j = 0; j < value.length; j++) {
                value[j] = (byte) ('a' + random.nextInt(3));
            }
            builder.append(0L, null, value);
        }
        ByteBuffer batch = builder.build().buffer();
        // Several 32 KiB chunks, and the payload compresses about threefold.
        assertThatCode(() -> SnappyPayloadCheck.check(batch.position(DefaultRecordBatch.RECORD_BATCH_OVERHEAD)))
                .doesNotThrowAnyException();
    }

    @Test
    void rawAndConcatenatedPayloadsPassAndDecompress() throws Exception {
        byte[] text = "abc".repeat(10_000).getBytes(StandardCharsets.UTF_8);
        byte[] raw = Snappy.compress(text);
        // A run of one byte is snappy's best case: close to the 64-from-3 bound this check allows.
        byte[] zeros = Snappy.compress(new byte[1 << 20]);
        assertThat((long) zeros.length * SnappyPayloadCheck.MAX_EXPANSION).isGreaterThan(1 << 20);
        for (byte[] payload : new byte[][] {raw, zeros}) {
            assertThatCode(() -> SnappyPayloadCheck.check(ByteBuffer.wrap(payload))).doesNotThrowAnyException();
        }
        ByteBuffer concatenated = ByteBuffer.allocate(2 * (20 + raw.length));
        for (int i = 0; i < 2; i++) {
            concatenated.put(MAGIC).putInt(1).putInt(1).putInt(raw.length).put(raw);
        }
        concatenated.flip();
        assertThatCode(() -> SnappyPayloadCheck.check(concatenated)).doesNotThrowAnyException();
        try (var in = Compression.of(CompressionType.SNAPPY).build().wrapForInput(concatenated, (byte) 2,
                BufferSupplier.NO_CACHING)) {
            assertThat(in.readAllBytes()).hasSize(2 * text.length);
        }
    }
}
