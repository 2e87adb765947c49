package io.samsa.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.samsa.common.config.BrokerConfig;
import io.samsa.network.ApiRegistry;
import io.samsa.network.ClientConnection;
import io.samsa.network.Request;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.message.AddOffsetsToTxnRequestData;
import org.apache.kafka.common.message.AddPartitionsToTxnRequestData;
import org.apache.kafka.common.message.DescribeTransactionsRequestData;
import org.apache.kafka.common.message.EndTxnRequestData;
import org.apache.kafka.common.message.FindCoordinatorRequestData;
import org.apache.kafka.common.message.ListTransactionsRequestData;
import org.apache.kafka.common.message.TxnOffsetCommitRequestData;
import org.apache.kafka.common.message.AlterConfigsRequestData;
import org.apache.kafka.common.message.CreatePartitionsRequestData;
import org.apache.kafka.common.message.CreateTopicsRequestData;
import org.apache.kafka.common.message.DeleteRecordsRequestData;
import org.apache.kafka.common.message.DeleteTopicsRequestData;
import org.apache.kafka.common.message.DescribeClusterRequestData;
import org.apache.kafka.common.message.DescribeConfigsRequestData;
import org.apache.kafka.common.message.DescribeLogDirsRequestData;
import org.apache.kafka.common.message.FetchRequestData;
import org.apache.kafka.common.message.IncrementalAlterConfigsRequestData;
import org.apache.kafka.common.message.InitProducerIdRequestData;
import org.apache.kafka.common.message.ListOffsetsRequestData;
import org.apache.kafka.common.message.DescribeTopicPartitionsRequestData;
import org.apache.kafka.common.message.MetadataRequestData;
import org.apache.kafka.common.message.OffsetForLeaderEpochRequestData;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.MessageUtil;
import org.apache.kafka.common.protocol.ObjectSerializationCache;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.SimpleRecord;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.RequestHeader;
import org.apache.kafka.common.security.auth.KafkaPrincipal;
import org.apache.kafka.common.security.auth.SecurityProtocol;
import org.apache.kafka.common.utils.Time;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every API the broker advertises, at every version it advertises: a realistic request goes through the production
 * decode path and the handler, and the response must serialize at that version and parse back. Older clients
 * (librdkafka, KafkaJS) use old versions, where a field the newest schema has may not exist.
 */
class AllVersionsResponseTest {
    @TempDir
    static Path dir;
    static Broker broker;
    static ApiRegistry registry;
    static Uuid topicId;

    @BeforeAll
    static void start() throws Exception {
        Properties p = new Properties();
        p.put("listeners", "PLAINTEXT://127.0.0.1:0");
        p.put("log.dirs", dir.resolve("logs").toString());
        p.put("zookeeper.embedded.port", "0");
        p.put("zookeeper.embedded.data.dir", dir.resolve("zk").toString());
        p.put("offsets.topic.replication.factor", "1");
        broker = new Broker(BrokerConfig.fromProperties(p), Time.SYSTEM);
        broker.startup();
        registry = ApiHandlers.registry(broker.context());
        broker.context().topics().createTopic("t", 2, (short) 1, null, java.util.Map.of(), false);
        topicId = broker.context().metadata().topic("t").orElseThrow().topicId();
    }

    @AfterAll
    static void stop() {
        if (broker != null) {
            broker.close();
        }
    }

    private static void roundTrip(ApiKeys key, Function<Short, ApiMessage> requestAt) throws Exception {
        ApiRegistry.Entry entry = registry.entry(key);
        assertThat(entry).as("%s is registered", key).isNotNull();
        for (short v = entry.minVersion(); v <= entry.maxVersion(); v++) {
            short version = v;
            ApiMessage data = requestAt.apply(v);
            RequestHeader header = new RequestHeader(key, v, "all-versions", 1);
            ByteBuffer wire = MessageUtil.toByteBufferAccessor(data, v).buffer();
            AbstractRequest body = AbstractRequest.parseRequest(key, v, new ByteBufferAccessor(wire)).request;
            Request request = new Request(header, body, new ClientConnection("test",
                    new InetSocketAddress("127.0.0.1", 1), "PLAINTEXT", SecurityProtocol.PLAINTEXT,
                    KafkaPrincipal.ANONYMOUS));
            ApiMessage response = entry.handler().handle(request).get(30, TimeUnit.SECONDS);
            if (response == null) {
                continue; // acks=0
            }
            assertThatCode(() -> {
                ObjectSerializationCache cache = new ObjectSerializationCache();
                ByteBuffer out = ByteBuffer.allocate(response.size(cache, version));
                response.write(new FileRecordsReadingAccessor(out), cache, version);
                out.flip();
                AbstractResponse.parseResponse(key, new ByteBufferAccessor(out), version);
            }).as("%s v%d response", key, version).doesNotThrowAnyException();
        }
    }

    /** Serializes fetched file slices by reading them, where production sends them with sendfile. */
    private static final class FileRecordsReadingAccessor extends ByteBufferAccessor {
        private final ByteBuffer out;

        FileRecordsReadingAccessor(ByteBuffer out) {
            super(out);
            this.out = out;
        }

        @Override
        public void writeRecords(org.apache.kafka.common.record.BaseRecords records) {
            if (records instanceof org.apache.kafka.common.record.FileRecords f) {
                f.batches().forEach(batch -> batch.writeTo(out));
            } else {
                super.writeRecords(records);
            }
        }
    }

    private static MemoryRecords records() {
        return MemoryRecords.withRecords(Compression.NONE, new SimpleRecord(1000L, "k".getBytes(), "v".getBytes()));
    }

    @Test
    void produce() throws Exception {
        roundTrip(ApiKeys.PRODUCE, v -> {
            ProduceRequestData.TopicProduceData t = new ProduceRequestData.TopicProduceData();
            if (v >= 13) {
                t.setTopicId(topicId);
            } else {
                t.setName("t");
            }
            t.partitionData().add(new ProduceRequestData.PartitionProduceData().setIndex(0).setRecords(records()));
            t.partitionData().add(new ProduceRequestData.PartitionProduceData().setIndex(7).setRecords(records()));
            ProduceRequestData.TopicProduceDataCollection topics = new ProduceRequestData.TopicProduceDataCollection();
            topics.add(t);
            return new ProduceRequestData().setAcks((short) -1).setTimeoutMs(1000).setTopicData(topics);
        });
    }

    @Test
    void fetch() throws Exception {
        roundTrip(ApiKeys.FETCH, v -> {
            FetchRequestData.FetchTopic t = new FetchRequestData.FetchTopic();
            if (v >= 13) {
                t.setTopicId(topicId);
            } else {
                t.setTopic("t");
            }
            t.partitions().add(new FetchRequestData.FetchPartition().setPartition(0).setFetchOffset(0)
                    .setPartitionMaxBytes(1 << 20));
            t.partitions().add(new FetchRequestData.FetchPartition().setPartition(1).setFetchOffset(99)
                    .setPartitionMaxBytes(1 << 20));
            return new FetchRequestData().setMaxWaitMs(0).setMinBytes(0).setMaxBytes(1 << 20)
                    .setTopics(new ArrayList<>(List.of(t)));
        });
    }

    @Test
    void listOffsets() throws Exception {
        roundTrip(ApiKeys.LIST_OFFSETS, v -> {
            ListOffsetsRequestData.ListOffsetsTopic t = new ListOffsetsRequestData.ListOffsetsTopic().setName("t");
            for (long ts : new long[] {-1L, -2L, 500L}) {
                t.partitions().add(new ListOffsetsRequestData.ListOffsetsPartition().setPartitionIndex(0)
                        .setTimestamp(ts));
            }
            return new ListOffsetsRequestData().setReplicaId(-1).setTopics(new ArrayList<>(List.of(t)));
        });
    }

    @Test
    void metadata() throws Exception {
        roundTrip(ApiKeys.METADATA, v -> new MetadataRequestData().setTopics(new ArrayList<>(List.of(
                new MetadataRequestData.MetadataRequestTopic().setName("t"),
                new MetadataRequestData.MetadataRequestTopic().setName("absent")))).setAllowAutoTopicCreation(v < 4));
        roundTrip(ApiKeys.METADATA, v -> new MetadataRequestData().setTopics(v == 0 ? new ArrayList<>() : null));
    }

    @Test
    void createTopicsThenDeleteThem() throws Exception {
        roundTrip(ApiKeys.CREATE_TOPICS, v -> {
            CreateTopicsRequestData.CreatableTopicCollection topics = new CreateTopicsRequestData.CreatableTopicCollection();
            topics.add(new CreateTopicsRequestData.CreatableTopic().setName("created-" + v).setNumPartitions(1)
                    .setReplicationFactor((short) 1));
            topics.add(new CreateTopicsRequestData.CreatableTopic().setName("t").setNumPartitions(1)
                    .setReplicationFactor((short) 1));
            return new CreateTopicsRequestData().setTopics(topics).setTimeoutMs(5000);
        });
        roundTrip(ApiKeys.DELETE_TOPICS, v -> {
            DeleteTopicsRequestData d = new DeleteTopicsRequestData().setTimeoutMs(5000);
            if (v >= 6) {
                d.topics().add(new DeleteTopicsRequestData.DeleteTopicState().setName("created-" + v));
                d.topics().add(new DeleteTopicsRequestData.DeleteTopicState().setName(null).setTopicId(Uuid.randomUuid()));
            } else {
                d.topicNames().add("created-" + v);
                d.topicNames().add("absent");
            }
            return d;
        });
    }

    @Test
    void createPartitions() throws Exception {
        roundTrip(ApiKeys.CREATE_PARTITIONS, v -> {
            CreatePartitionsRequestData.CreatePartitionsTopicCollection topics =
                    new CreatePartitionsRequestData.CreatePartitionsTopicCollection();
            topics.add(new CreatePartitionsRequestData.CreatePartitionsTopic().setName("t").setCount(5));
            topics.add(new CreatePartitionsRequestData.CreatePartitionsTopic().setName("absent").setCount(1));
            return new CreatePartitionsRequestData().setTimeoutMs(5000).setValidateOnly(true).setTopics(topics);
        });
    }

    @Test
    void initProducerIdAndDeleteRecords() throws Exception {
        roundTrip(ApiKeys.INIT_PRODUCER_ID, v -> new InitProducerIdRequestData().setTransactionalId(null)
                .setTransactionTimeoutMs(60000));
        roundTrip(ApiKeys.DELETE_RECORDS, v -> new DeleteRecordsRequestData().setTimeoutMs(5000).setTopics(
                new ArrayList<>(List.of(new DeleteRecordsRequestData.DeleteRecordsTopic().setName("t").setPartitions(
                        new ArrayList<>(List.of(new DeleteRecordsRequestData.DeleteRecordsPartition()
                                .setPartitionIndex(1).setOffset(0))))))));
    }

    @Test
    void transactionApis() throws Exception {
        AddPartitionsToTxnRequestData.AddPartitionsToTxnTopicCollection topics =
                new AddPartitionsToTxnRequestData.AddPartitionsToTxnTopicCollection();
        topics.add(new AddPartitionsToTxnRequestData.AddPartitionsToTxnTopic().setName("t").setPartitions(List.of(0)));
        roundTrip(ApiKeys.ADD_PARTITIONS_TO_TXN, v -> {
            if (v <= 3) {
                return new AddPartitionsToTxnRequestData().setV3AndBelowTransactionalId("tx")
                        .setV3AndBelowProducerId(1).setV3AndBelowProducerEpoch((short) 0)
                        .setV3AndBelowTopics(topics.duplicate());
            }
            AddPartitionsToTxnRequestData.AddPartitionsToTxnTransactionCollection txns =
                    new AddPartitionsToTxnRequestData.AddPartitionsToTxnTransactionCollection();
            txns.add(new AddPartitionsToTxnRequestData.AddPartitionsToTxnTransaction().setTransactionalId("tx")
                    .setProducerId(1).setProducerEpoch((short) 0).setVerifyOnly(true).setTopics(topics.duplicate()));
            return new AddPartitionsToTxnRequestData().setTransactions(txns);
        });
        roundTrip(ApiKeys.ADD_OFFSETS_TO_TXN, v -> new AddOffsetsToTxnRequestData().setTransactionalId("tx")
                .setProducerId(1).setProducerEpoch((short) 0).setGroupId("g"));
        roundTrip(ApiKeys.END_TXN, v -> new EndTxnRequestData().setTransactionalId("tx").setProducerId(1)
                .setProducerEpoch((short) 0).setCommitted(true));
        roundTrip(ApiKeys.TXN_OFFSET_COMMIT, v -> new TxnOffsetCommitRequestData().setTransactionalId("tx")
                .setGroupId("g").setProducerId(1).setProducerEpoch((short) 0)
                .setTopics(List.of(new TxnOffsetCommitRequestData.TxnOffsetCommitRequestTopic().setName("t")
                        .setPartitions(List.of(new TxnOffsetCommitRequestData.TxnOffsetCommitRequestPartition()
                                .setPartitionIndex(0).setCommittedOffset(5))))));
        roundTrip(ApiKeys.DESCRIBE_TRANSACTIONS, v -> new DescribeTransactionsRequestData()
                .setTransactionalIds(List.of("tx")));
        roundTrip(ApiKeys.LIST_TRANSACTIONS, v -> new ListTransactionsRequestData());
        roundTrip(ApiKeys.FIND_COORDINATOR, v -> v == 0 ? new FindCoordinatorRequestData().setKey("g") : v < 4
                ? new FindCoordinatorRequestData().setKey("tx").setKeyType((byte) 1)
                : new FindCoordinatorRequestData().setKeyType((byte) 1).setCoordinatorKeys(List.of("tx")));
    }

    @Test
    void configs() throws Exception {
        roundTrip(ApiKeys.DESCRIBE_CONFIGS, v -> new DescribeConfigsRequestData()
                .setIncludeSynonyms(v >= 1).setIncludeDocumentation(v >= 3).setResources(new ArrayList<>(List.of(
                        new DescribeConfigsRequestData.DescribeConfigsResource().setResourceType((byte) 2)
                                .setResourceName("t"),
                        new DescribeConfigsRequestData.DescribeConfigsResource().setResourceType((byte) 4)
                                .setResourceName("0")))));
        roundTrip(ApiKeys.ALTER_CONFIGS, v -> {
            AlterConfigsRequestData.AlterableConfigCollection c = new AlterConfigsRequestData.AlterableConfigCollection();
            c.add(new AlterConfigsRequestData.AlterableConfig().setName("retention.ms").setValue("100000"));
            AlterConfigsRequestData.AlterConfigsResourceCollection r = new AlterConfigsRequestData.AlterConfigsResourceCollection();
            r.add(new AlterConfigsRequestData.AlterConfigsResource().setResourceType((byte) 2).setResourceName("t")
                    .setConfigs(c));
            return new AlterConfigsRequestData().setResources(r);
        });
        roundTrip(ApiKeys.INCREMENTAL_ALTER_CONFIGS, v -> {
            IncrementalAlterConfigsRequestData.AlterableConfigCollection c =
                    new IncrementalAlterConfigsRequestData.AlterableConfigCollection();
            c.add(new IncrementalAlterConfigsRequestData.AlterableConfig().setName("retention.ms")
                    .setConfigOperation((byte) 0).setValue("200000"));
            IncrementalAlterConfigsRequestData.AlterConfigsResourceCollection r =
                    new IncrementalAlterConfigsRequestData.AlterConfigsResourceCollection();
            r.add(new IncrementalAlterConfigsRequestData.AlterConfigsResource().setResourceType((byte) 2)
                    .setResourceName("t").setConfigs(c));
            return new IncrementalAlterConfigsRequestData().setResources(r);
        });
    }

    @Test
    void logDirsAndCluster() throws Exception {
        roundTrip(ApiKeys.DESCRIBE_LOG_DIRS, v -> new DescribeLogDirsRequestData().setTopics(null));
        roundTrip(ApiKeys.DESCRIBE_CLUSTER, v -> new DescribeClusterRequestData());
    }

    @Test
    void offsetForLeaderEpoch() throws Exception {
        roundTrip(ApiKeys.OFFSET_FOR_LEADER_EPOCH, v -> {
            OffsetForLeaderEpochRequestData d = new OffsetForLeaderEpochRequestData().setReplicaId(-1);
            OffsetForLeaderEpochRequestData.OffsetForLeaderTopic t =
                    new OffsetForLeaderEpochRequestData.OffsetForLeaderTopic().setTopic("t");
            t.partitions().add(new OffsetForLeaderEpochRequestData.OffsetForLeaderPartition().setPartition(0)
                    .setCurrentLeaderEpoch(v >= 2 ? 0 : -1).setLeaderEpoch(0));
            t.partitions().add(new OffsetForLeaderEpochRequestData.OffsetForLeaderPartition().setPartition(9)
                    .setLeaderEpoch(0));
            d.topics().add(t);
            return d;
        });
    }

    @Test
    void describeTopicPartitions() throws Exception {
        roundTrip(ApiKeys.DESCRIBE_TOPIC_PARTITIONS, v -> {
            DescribeTopicPartitionsRequestData d = new DescribeTopicPartitionsRequestData().setResponsePartitionLimit(1);
            d.topics().add(new DescribeTopicPartitionsRequestData.TopicRequest().setName("t"));
            d.topics().add(new DescribeTopicPartitionsRequestData.TopicRequest().setName("missing"));
            return d;
        });
    }
}
