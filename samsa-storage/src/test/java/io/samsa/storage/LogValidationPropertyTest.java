package io.samsa.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Random;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.record.CompressionType;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.MemoryRecordsBuilder;
import org.apache.kafka.common.record.Record;
import org.apache.kafka.common.record.RecordBatch;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.utils.BufferSupplier;
import org.apache.kafka.common.utils.CloseableIterator;
import org.apache.kafka.common.utils.MockTime;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Seeded property: a batch built by kafka-clients, with a few random bytes changed inside its records (or, for a
 * compressed batch, inside its compressed payload) and its CRC recomputed, is either refused whole with
 * INVALID_RECORD, the log untouched, or appended so that every record of it reads back with kafka-clients'
 * iterators, as a consumer reads it. Bounded: {@value #CASES} cases per codec and mode; a failure names the
 * seed that reproduces it.
 */
class LogValidationPropertyTest {
    private static final int CASES = 300;

    @TempDir
    File tmp;

    private final MockTime time = LogTestSupport.newTime();

    @ParameterizedTest
    @EnumSource(CompressionType.class)
    void mutatedRecordsAreRefusedOrReadableByKafkaClients(CompressionType codec) throws IOException {
        run(codec, false);
    }

    @ParameterizedTest
    @EnumSource(value = CompressionType.class, names = "NONE", mode = EnumSource.Mode.EXCLUDE)
    void mutatedCompressedPayloadsAreRefusedOrReadableByKafkaClients(CompressionType codec) throws IOException {
        run(codec, true);
    }

    private void run(CompressionType codec, boolean mutatePayload) throws IOException {
        int refused = 0;
        int accepted = 0;
        try (Log log = LogTestSupport.open(new File(tmp, codec.name + "-0"), LogConfig.defaults(), time)) {
            for (int i = 0; i < CASES; i++) {
                long seed = codec.id * 1_000_003L + (mutatePayload ? 500_000L : 0L) + i;
                Random random = new Random(seed);
                MemoryRecords good = randomBatch(random, codec);
                MemoryRecords mutated = mutatePayload
                        ? BatchSurgery.withPayload(good, mutate(BatchSurgery.payloadBytes(good), random))
                        : BatchSurgery.withRecordBytes(good, mutate(BatchSurgery.recordBytes(good), random));
                long endBefore = log.logEndOffset();
                long sizeBefore = log.sizeInBytes();
                LogAppendInfo info;
                try {
                    info = log.appendAsLeader(mutated, 0);
                } catch (InvalidRecordException e) {
                    refused++;
                    assertThat(log.logEndOffset()).as("seed %d", seed).isEqualTo(endBefore);
                    assertThat(log.sizeInBytes()).as("seed %d", seed).isEqualTo(sizeBefore);
                    continue;
                }
                accepted++;
                assertReadableByKafkaClients(log, info, seed);
            }
        }
        // Both outcomes occur, or the mutations are not testing anything.
        assertThat(refused).isPositive();
        assertThat(accepted).isPositive();
    }

    private static void assertReadableByKafkaClients(Log log, LogAppendInfo info, long seed) {
        RecordBatch batch = LogTestSupport.batchesOf(log.read(info.firstOffset(), Integer.MAX_VALUE,
                Long.MAX_VALUE, true)).get(0);
        int expected = (int) (info.lastOffset() - info.firstOffset() + 1);
        int n = 0;
        for (Record r : batch) {
            assertThat(r.offset()).as("seed %d", seed).isEqualTo(info.firstOffset() + n);
            touch(r);
            n++;
        }
        assertThat(n).as("seed %d", seed).isEqualTo(expected);
        n = 0;
        try (CloseableIterator<Record> it = batch.streamingIterator(BufferSupplier.NO_CACHING)) {
            while (it.hasNext()) {
                touch(it.next());
                n++;
            }
        }
        assertThat(n).as("seed %d", seed).isEqualTo(expected);
    }

    private static void touch(Record r) {
        r.key();
        r.value();
        for (Header h : r.headers()) {
            h.key();
            h.value();
        }
    }

    private MemoryRecords randomBatch(Random random, CompressionType codec) {
        MemoryRecordsBuilder builder = MemoryRecords.builder(ByteBuffer.allocate(1 << 16), RecordBatch.MAGIC_VALUE_V2,
                Compression.of(codec).build(), TimestampType.CREATE_TIME, 0L);
        int count = 1 + random.nextInt(12);
        for (int i = 0; i < count; i++) {
            byte[] key = random.nextInt(4) == 0 ? null : bytes(random, random.nextInt(20));
            byte[] value = random.nextInt(6) == 0 ? null : bytes(random, random.nextInt(200));
            Header[] headers = new Header[random.nextInt(3)];
            for (int h = 0; h < headers.length; h++) {
                headers[h] = new RecordHeader("h" + h, random.nextBoolean() ? null : bytes(random, random.nextInt(8)));
            }
            builder.append(time.milliseconds() + random.nextInt(2000) - 1000, key, value, headers);
        }
        return builder.build();
    }

    private static byte[] bytes(Random random, int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    /** Changes one to three random bytes. */
    private static byte[] mutate(byte[] original, Random random) {
        byte[] b = original.clone();
        int changes = 1 + random.nextInt(3);
        for (int i = 0; i < changes && b.length > 0; i++) {
            int at = random.nextInt(b.length);
            b[at] = random.nextInt(3) == 0 ? (byte) random.nextInt() : (byte) (b[at] ^ (1 << random.nextInt(8)));
        }
        return b;
    }
}
