package io.samsa.bench.jmh;

import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.message.ResponseHeaderData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.ObjectSerializationCache;
import org.apache.kafka.common.protocol.Writable;
import org.apache.kafka.common.record.BaseRecords;
import org.apache.kafka.common.record.CompressionType;
import org.apache.kafka.common.record.MemoryRecords;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Response encode: a Fetch response for {@code partitions} partitions serialized the way Samsa's
 * {@code RequestDispatcher} does it: size the header and body with one {@link ObjectSerializationCache}, write
 * the size prefix, the header, then the body. Record sets are not copied: Samsa's {@code ResponseWriter} turns
 * them into zero-copy file regions, so the {@link Writable} here only notes where they go. What is measured is
 * the per-partition field work around them, which grows with the partitions a consumer fetches.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class FetchResponseEncodeBenchmark {
    @Param({"6", "1000"})
    public int partitions;

    private FetchResponseData response;
    private short version;
    private ByteBuffer out;

    @Setup(Level.Trial)
    public void setUp() {
        version = ApiKeys.FETCH.latestVersion();
        MemoryRecords records = LogAppendBenchmark.batch(CompressionType.NONE, 16);
        FetchResponseData.FetchableTopicResponse topic = new FetchResponseData.FetchableTopicResponse()
                .setTopic("bench").setTopicId(Uuid.randomUuid());
        for (int p = 0; p < partitions; p++) {
            topic.partitions().add(new FetchResponseData.PartitionData().setPartitionIndex(p)
                    .setHighWatermark(1_000_000L + p).setLastStableOffset(1_000_000L + p).setLogStartOffset(0L)
                    .setRecords(records));
        }
        response = new FetchResponseData().setSessionId(0);
        response.responses().add(topic);
        out = ByteBuffer.allocate(1024 + partitions * 128);
    }

    @Benchmark
    public int encode() {
        out.clear();
        ZeroCopyWritable writer = new ZeroCopyWritable(new ByteBufferAccessor(out));
        short headerVersion = ApiKeys.FETCH.responseHeaderVersion(version);
        ResponseHeaderData header = new ResponseHeaderData().setCorrelationId(1);
        ObjectSerializationCache cache = new ObjectSerializationCache();
        int size = header.size(cache, headerVersion) + response.size(cache, version);
        writer.writeInt(size);
        header.write(writer, cache, headerVersion);
        response.write(writer, cache, version);
        return size + writer.recordBytes;
    }

    /** Writes fields into a buffer and counts record bytes instead of copying them. */
    private static final class ZeroCopyWritable implements Writable {
        private final ByteBufferAccessor fields;
        int recordBytes;

        ZeroCopyWritable(ByteBufferAccessor fields) {
            this.fields = fields;
        }

        @Override
        public void writeRecords(BaseRecords records) {
            recordBytes += records.sizeInBytes();
        }

        @Override
        public void writeByte(byte val) {
            fields.writeByte(val);
        }

        @Override
        public void writeShort(short val) {
            fields.writeShort(val);
        }

        @Override
        public void writeInt(int val) {
            fields.writeInt(val);
        }

        @Override
        public void writeLong(long val) {
            fields.writeLong(val);
        }

        @Override
        public void writeDouble(double val) {
            fields.writeDouble(val);
        }

        @Override
        public void writeByteArray(byte[] arr) {
            fields.writeByteArray(arr);
        }

        @Override
        public void writeUnsignedVarint(int i) {
            fields.writeUnsignedVarint(i);
        }

        @Override
        public void writeByteBuffer(ByteBuffer buf) {
            fields.writeByteBuffer(buf);
        }

        @Override
        public void writeVarint(int i) {
            fields.writeVarint(i);
        }

        @Override
        public void writeVarlong(long i) {
            fields.writeVarlong(i);
        }
    }
}
