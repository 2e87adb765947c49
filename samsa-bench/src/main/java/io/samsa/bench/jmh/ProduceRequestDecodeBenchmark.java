package io.samsa.bench.jmh;

import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.record.CompressionType;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.ProduceRequest;
import org.apache.kafka.common.requests.RequestHeader;
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
 * Request decode: one Produce request frame (without its size prefix) turned into a header and a
 * {@link ProduceRequest}, exactly as Samsa's {@code RequestDecoder} does it ({@code RequestHeader.parse}, then
 * {@code AbstractRequest.parseRequest} over a {@code ByteBufferAccessor}; the record sets stay slices of the
 * frame). The request carries one 16 × 1 KiB batch for each of {@code partitions} partitions, at the newest
 * Produce version kafka-clients speaks.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ProduceRequestDecodeBenchmark {
    @Param({"6", "1000"})
    public int partitions;

    private ByteBuffer frame;
    private short version;

    @Setup(Level.Trial)
    public void setUp() {
        version = ApiKeys.PRODUCE.latestVersion();
        ProduceRequestData.TopicProduceDataCollection topics = new ProduceRequestData.TopicProduceDataCollection();
        ProduceRequestData.TopicProduceData topic = new ProduceRequestData.TopicProduceData()
                .setName("bench").setTopicId(org.apache.kafka.common.Uuid.randomUuid());
        for (int p = 0; p < partitions; p++) {
            MemoryRecords records = LogAppendBenchmark.batch(CompressionType.NONE, 16);
            topic.partitionData().add(new ProduceRequestData.PartitionProduceData().setIndex(p).setRecords(records));
        }
        topics.add(topic);
        ProduceRequest request = ProduceRequest.builder(new ProduceRequestData().setAcks((short) -1)
                .setTimeoutMs(30_000).setTopicData(topics)).build(version);
        frame = request.serializeWithHeader(new RequestHeader(ApiKeys.PRODUCE, version, "bench", 1));
    }

    @Benchmark
    public AbstractRequest decode() {
        ByteBuffer buffer = frame.duplicate();
        RequestHeader header = RequestHeader.parse(buffer);
        return AbstractRequest.parseRequest(header.apiKey(), header.apiVersion(), new ByteBufferAccessor(buffer))
                .request;
    }
}
