package io.samsa.bench.jmh;

import io.samsa.storage.Log;
import io.samsa.storage.LogConfig;
import io.samsa.storage.LogParams;
import io.samsa.storage.record.RecordCursor;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.CompressionType;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.MemoryRecordsBuilder;
import org.apache.kafka.common.record.MutableRecordBatch;
import org.apache.kafka.common.record.Record;
import org.apache.kafka.common.record.RecordBatch;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.utils.BufferSupplier;
import org.apache.kafka.common.utils.CloseableIterator;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.common.utils.Utils;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Batch validation and append: {@code Log.appendAsLeader} of one produce request's records (one batch of
 * {@code recordsPerBatch} records of {@code recordSize} bytes: 1 KiB as in W1, 100 B as in W2) into a log in a
 * temporary directory. Includes everything the produce path does in the storage layer: header and per-record
 * checks (decompressing compressed batches), CRC, offset assignment, the file write (to the page cache; no
 * fsync) and index updates.
 *
 * <p>References on the same bytes: {@link #crcOnly} is the floor, kafka-clients' own {@code ensureValid}
 * (CRC-32C of the batch); {@link #kafkaClientsIteration} is the CRC plus a walk over every record with
 * kafka-clients' iterators, as Kafka's own validator does it (objects per record, and the key/value-skipping
 * streaming iterator for compressed batches); {@link #recordCursorWalk} is the CRC plus the same walk with
 * Samsa's {@code RecordCursor}, which the validator uses. The log is emptied each time it passes 256 MiB, so the
 * benchmark's disk footprint stays bounded; that costs one segment deletion per 256 MiB appended, well under 1%
 * of the time.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class LogAppendBenchmark {
    private static final int DEFAULT_RECORD_SIZE = 1024;
    private static final long MAX_LOG_BYTES = 256L * 1024 * 1024;

    @Param({"NONE", "LZ4", "ZSTD"})
    public String compression;

    @Param({"16", "128"})
    public int recordsPerBatch;

    @Param({"1024", "100"})
    public int recordSize;

    private File dir;
    private Log log;
    private MemoryRecords records;
    private final BufferSupplier bufferSupplier = BufferSupplier.create();

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        dir = Files.createTempDirectory("samsa-bench-log").toFile();
        LogConfig config = LogConfig.defaults().withSegmentBytes(512 * 1024 * 1024);
        log = Log.open(new LogParams(new File(dir, "bench-0"), new TopicPartition("bench", 0), config, Time.SYSTEM,
                0L, 0L, false));
        records = batch(CompressionType.valueOf(compression), recordsPerBatch, recordSize);
    }

    /** One batch as a non-idempotent producer builds it: random-letter 1 KiB values, no keys. */
    static MemoryRecords batch(CompressionType type, int count) {
        return batch(type, count, DEFAULT_RECORD_SIZE);
    }

    /**
     * One batch as a non-idempotent producer builds it: no keys, values of {@code recordSize} random capital
     * letters, a different value per record. (Kafka's ProducerPerformance repeats one value, which LZ4 and zstd
     * shrink to almost nothing; distinct values make decompression cost what it costs on ordinary text.)
     */
    static MemoryRecords batch(CompressionType type, int count, int recordSize) {
        java.util.Random random = new java.util.Random(42);
        java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocate(count * (recordSize + 64) + 1024);
        MemoryRecordsBuilder builder = MemoryRecords.builder(buf, RecordBatch.CURRENT_MAGIC_VALUE,
                Compression.of(type).build(), TimestampType.CREATE_TIME, 0L);
        long now = Time.SYSTEM.milliseconds();
        for (int i = 0; i < count; i++) {
            byte[] value = new byte[recordSize];
            for (int j = 0; j < value.length; j++) {
                value[j] = (byte) ('A' + random.nextInt(26));
            }
            builder.append(now, null, value);
        }
        return builder.build();
    }

    @Benchmark
    public long appendAsLeader() {
        if (log.sizeInBytes() > MAX_LOG_BYTES) {
            log.truncateFullyAndStartAt(log.logEndOffset());
        }
        return log.appendAsLeader(records, 0).lastOffset();
    }

    @Benchmark
    public int crcOnly() {
        int n = 0;
        for (MutableRecordBatch batch : records.batches()) {
            batch.ensureValid();
            n++;
        }
        return n;
    }

    @Benchmark
    public long kafkaClientsIteration() {
        long sum = 0;
        for (MutableRecordBatch batch : records.batches()) {
            batch.ensureValid();
            try (CloseableIterator<Record> it = batch.skipKeyValueIterator(bufferSupplier)) {
                while (it.hasNext()) {
                    Record r = it.next();
                    sum += r.offset() + r.timestamp() + (r.hasKey() ? 1 : 0);
                }
            }
        }
        return sum;
    }

    @Benchmark
    public long recordCursorWalk() {
        long sum = 0;
        for (MutableRecordBatch batch : records.batches()) {
            batch.ensureValid();
        }
        try (RecordCursor cursor = RecordCursor.open(records.buffer(), bufferSupplier)) {
            while (cursor.next()) {
                sum += cursor.offsetDelta() + cursor.timestampDelta() + cursor.keySize();
            }
        }
        return sum;
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        log.close();
        Utils.delete(dir);
    }
}
