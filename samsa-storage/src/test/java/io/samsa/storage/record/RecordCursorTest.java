package io.samsa.storage.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.record.CompressionType;
import org.apache.kafka.common.record.DefaultRecordBatch;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.MemoryRecordsBuilder;
import org.apache.kafka.common.record.Record;
import org.apache.kafka.common.record.RecordBatch;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.utils.BufferSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The cursor reads what kafka-clients wrote, field by field, and gives back every buffer it borrowed. */
class RecordCursorTest {
    private static final long BASE_TIMESTAMP = 1_700_000_000_000L;

    private static MemoryRecords varied(CompressionType codec, int count) {
        MemoryRecordsBuilder builder = MemoryRecords.builder(ByteBuffer.allocate(1 << 20), RecordBatch.MAGIC_VALUE_V2,
                Compression.of(codec).build(), TimestampType.CREATE_TIME, 0L);
        for (int i = 0; i < count; i++) {
            byte[] key = i % 3 == 0 ? null : ("key-" + i).getBytes(StandardCharsets.UTF_8);
            byte[] value = i % 7 == 0 ? null : "v".repeat(i * 13).getBytes(StandardCharsets.UTF_8);
            Header[] headers = new Header[i % 4];
            for (int h = 0; h < headers.length; h++) {
                headers[h] = new RecordHeader("h" + h, h == 1 ? null : ("x" + i).getBytes(StandardCharsets.UTF_8));
            }
            // Timestamps go back and forth: deltas may be negative.
            builder.append(BASE_TIMESTAMP + (i % 2 == 0 ? i * 1000L : -i * 1000L), key, value, headers);
        }
        return builder.build();
    }

    @ParameterizedTest
    @EnumSource(CompressionType.class)
    void readsEveryFieldAsKafkaClientsDoes(CompressionType codec) {
        MemoryRecords records = varied(codec, 300);
        DefaultRecordBatch batch = (DefaultRecordBatch) records.batches().iterator().next();
        List<Record> expected = new ArrayList<>();
        batch.forEach(expected::add);
        ByteBuffer bytes = records.buffer();
        int position = bytes.position();
        int limit = bytes.limit();
        CountingSupplier buffers = new CountingSupplier();

        try (RecordCursor cursor = RecordCursor.open(bytes, buffers)) {
            for (Record r : expected) {
                assertThat(cursor.next()).isTrue();
                assertThat(cursor.index()).isEqualTo((int) r.offset());
                assertThat(cursor.offsetDelta()).isEqualTo((int) (r.offset() - batch.baseOffset()));
                assertThat(cursor.timestampDelta()).isEqualTo(r.timestamp() - batch.baseTimestamp());
                assertThat(cursor.keySize()).isEqualTo(r.keySize());
                assertThat(cursor.valueSize()).isEqualTo(r.valueSize());
                assertThat(cursor.headerCount()).isEqualTo(r.headers().length);
                assertThat(cursor.sizeInBytes()).isEqualTo(r.sizeInBytes());
                assertThat(cursor.attributes()).isZero();
            }
            assertThat(cursor.next()).isFalse();
            assertThat(cursor.next()).isFalse();
        }
        assertThat(bytes.position()).isEqualTo(position);
        assertThat(bytes.limit()).isEqualTo(limit);
        assertThat(buffers.outstanding).as("buffers given back").isZero();
        if (codec != CompressionType.NONE) {
            assertThat(buffers.borrowed).isPositive();
        }
    }

    @ParameterizedTest
    @EnumSource(CompressionType.class)
    void givesBuffersBackWhenABatchIsRejected(CompressionType codec) {
        MemoryRecords records = varied(codec, 20);
        ByteBuffer wrongCount = records.buffer();
        wrongCount.putInt(DefaultRecordBatch.RECORDS_COUNT_OFFSET, 21);
        CountingSupplier buffers = new CountingSupplier();

        assertThatThrownBy(() -> {
            try (RecordCursor cursor = RecordCursor.open(wrongCount, buffers)) {
                while (cursor.next()) {
                    assertThat(cursor.index()).isLessThan(20);
                }
            }
        }).isInstanceOf(InvalidRecordException.class).hasMessage("The batch declares 21 records but holds only 20");
        assertThat(buffers.outstanding).isZero();
    }

    @Test
    void aBatchOfOneEmptyRecordIsRead() {
        MemoryRecordsBuilder builder = MemoryRecords.builder(ByteBuffer.allocate(256), Compression.NONE,
                TimestampType.CREATE_TIME, 0L);
        builder.append(BASE_TIMESTAMP, (byte[]) null, null);
        try (RecordCursor cursor = RecordCursor.open(builder.build().buffer(), BufferSupplier.NO_CACHING)) {
            assertThat(cursor.next()).isTrue();
            assertThat(cursor.keySize()).isEqualTo(-1);
            assertThat(cursor.valueSize()).isEqualTo(-1);
            assertThat(cursor.sizeInBytes()).isEqualTo(7);
            assertThat(cursor.next()).isFalse();
        }
    }

    /** Counts what the codecs borrow and give back. */
    private static final class CountingSupplier extends BufferSupplier {
        int borrowed;
        int outstanding;

        @Override
        public ByteBuffer get(int capacity) {
            borrowed++;
            outstanding++;
            return ByteBuffer.allocate(capacity);
        }

        @Override
        public void release(ByteBuffer buffer) {
            outstanding--;
        }

        @Override
        public void close() {
        }
    }
}
