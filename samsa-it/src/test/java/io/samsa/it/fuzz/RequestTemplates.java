package io.samsa.it.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.message.AlterConfigsRequestData;
import org.apache.kafka.common.message.ApiVersionsRequestData;
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
import org.apache.kafka.common.message.MetadataRequestData;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.SimpleRecord;

/**
 * A realistic request for any API at any version: the one a well-behaved client would send, naming resources that
 * exist, so that a mutation of it reaches the handler's deep paths. Group APIs are in {@link GroupRequestTemplates};
 * an API without a template here is sent as kafka-clients' default-constructed request data, which serializes at
 * every version.
 *
 * <p>Fields that make a request wait (Fetch's max wait, group timeouts) stay within {@link WaitCaps}. Every choice
 * comes from {@link TemplateInput#random()}, so a template is a function of the case's seed. Stateless.
 */
final class RequestTemplates {
    private static final Map<ApiKeys, BiFunction<TemplateInput, Short, ApiMessage>> TEMPLATES = Map.ofEntries(
            Map.entry(ApiKeys.PRODUCE, RequestTemplates::produce),
            Map.entry(ApiKeys.FETCH, RequestTemplates::fetch),
            Map.entry(ApiKeys.LIST_OFFSETS, RequestTemplates::listOffsets),
            Map.entry(ApiKeys.METADATA, RequestTemplates::metadata),
            Map.entry(ApiKeys.CREATE_TOPICS, RequestTemplates::createTopics),
            Map.entry(ApiKeys.DELETE_TOPICS, RequestTemplates::deleteTopics),
            Map.entry(ApiKeys.CREATE_PARTITIONS, RequestTemplates::createPartitions),
            Map.entry(ApiKeys.INIT_PRODUCER_ID, RequestTemplates::initProducerId),
            Map.entry(ApiKeys.DELETE_RECORDS, RequestTemplates::deleteRecords),
            Map.entry(ApiKeys.DESCRIBE_CONFIGS, RequestTemplates::describeConfigs),
            Map.entry(ApiKeys.ALTER_CONFIGS, RequestTemplates::alterConfigs),
            Map.entry(ApiKeys.INCREMENTAL_ALTER_CONFIGS, RequestTemplates::incrementalAlterConfigs),
            Map.entry(ApiKeys.DESCRIBE_LOG_DIRS, RequestTemplates::describeLogDirs),
            Map.entry(ApiKeys.DESCRIBE_CLUSTER, RequestTemplates::describeCluster),
            Map.entry(ApiKeys.API_VERSIONS, RequestTemplates::apiVersions));

    private RequestTemplates() {
    }

    /** A fresh request of {@code api} at {@code version}, built from {@code in}'s random source. */
    static ApiMessage build(ApiKeys api, short version, TemplateInput in) {
        BiFunction<TemplateInput, Short, ApiMessage> template = TEMPLATES.get(api);
        if (template != null) {
            return template.apply(in, version);
        }
        ApiMessage group = GroupRequestTemplates.build(api, version, in);
        return group != null ? group : api.messageType.newRequest();
    }

    /** One to three small records, with keys (a compacted topic refuses records without). */
    static MemoryRecords records(TemplateInput in) {
        int n = 1 + in.random().nextInt(3);
        SimpleRecord[] records = new SimpleRecord[n];
        for (int i = 0; i < n; i++) {
            records[i] = new SimpleRecord(System.currentTimeMillis(), ("key" + i).getBytes(StandardCharsets.UTF_8),
                    ("fuzz case " + in.caseNo()).getBytes(StandardCharsets.UTF_8));
        }
        Compression compression = in.oneIn(4) ? Compression.gzip().build() : Compression.NONE;
        return MemoryRecords.withRecords(compression, records);
    }

    private static ApiMessage produce(TemplateInput in, short v) {
        FuzzTargets t = in.targets();
        // Name and id are both set: the one the version does not have is ignorable and left out. Only the data
        // topic's id is known, so v13+ (ids only) always writes there.
        boolean compact = v < 13 && in.oneIn(4);
        ProduceRequestData.TopicProduceData data = new ProduceRequestData.TopicProduceData()
                .setName(compact ? t.compactTopic() : t.dataTopic())
                .setTopicId(compact ? Uuid.ZERO_UUID : t.dataTopicId());
        data.partitionData().add(new ProduceRequestData.PartitionProduceData().setIndex(in.partition())
                .setRecords(records(in)));
        ProduceRequestData.TopicProduceDataCollection topics = new ProduceRequestData.TopicProduceDataCollection();
        topics.add(data);
        short acks = in.pick(List.of((short) -1, (short) 1, (short) 0));
        return new ProduceRequestData().setAcks(acks).setTimeoutMs(5_000).setTopicData(topics);
    }

    private static ApiMessage fetch(TemplateInput in, short v) {
        FuzzTargets t = in.targets();
        FetchRequestData.FetchTopic topic = new FetchRequestData.FetchTopic().setTopic(t.dataTopic())
                .setTopicId(t.dataTopicId());
        for (int p = 0; p < t.partitions(); p++) {
            topic.partitions().add(new FetchRequestData.FetchPartition().setPartition(p)
                    .setFetchOffset(in.random().nextInt(4)).setPartitionMaxBytes(64 * 1024));
        }
        FetchRequestData data = new FetchRequestData().setMaxWaitMs(in.random().nextInt(WaitCaps.FETCH_MAX_WAIT_MS))
                .setMinBytes(in.random().nextInt(2)).setMaxBytes(1 << 20)
                .setIsolationLevel((byte) in.random().nextInt(2)).setTopics(new ArrayList<>(List.of(topic)));
        if (v >= 7 && in.oneIn(3)) {
            data.setSessionId(0).setSessionEpoch(0); // asks for a new fetch session
        }
        return data;
    }

    private static ApiMessage listOffsets(TemplateInput in, short v) {
        List<Long> timestamps = new ArrayList<>(List.of(-1L, -2L, 1_000L));
        if (v >= 7) {
            timestamps.add(-3L); // max timestamp
        }
        ListOffsetsRequestData.ListOffsetsTopic topic = new ListOffsetsRequestData.ListOffsetsTopic()
                .setName(in.targets().dataTopic());
        topic.partitions().add(new ListOffsetsRequestData.ListOffsetsPartition().setPartitionIndex(in.partition())
                .setTimestamp(in.pick(timestamps)));
        ListOffsetsRequestData data = new ListOffsetsRequestData().setReplicaId(-1)
                .setTopics(new ArrayList<>(List.of(topic)));
        if (v >= 2) {
            data.setIsolationLevel((byte) in.random().nextInt(2));
        }
        if (v >= 10) {
            data.setTimeoutMs(1_000);
        }
        return data;
    }

    private static ApiMessage metadata(TemplateInput in, short v) {
        MetadataRequestData data = new MetadataRequestData();
        if (v >= 1 && in.oneIn(3)) {
            data.setTopics(null); // all topics
        } else {
            data.topics().add(new MetadataRequestData.MetadataRequestTopic().setName(in.targets().dataTopic()));
            data.topics().add(new MetadataRequestData.MetadataRequestTopic().setName("fuzz-absent"));
        }
        if (v >= 4) {
            data.setAllowAutoTopicCreation(in.oneIn(4));
        }
        return data;
    }

    private static ApiMessage createTopics(TemplateInput in, short v) {
        CreateTopicsRequestData.CreatableTopic topic = new CreateTopicsRequestData.CreatableTopic()
                .setName("fuzz-new-" + in.caseNo()).setNumPartitions(1 + in.random().nextInt(2))
                .setReplicationFactor((short) 1);
        if (in.oneIn(2)) {
            topic.configs().add(new CreateTopicsRequestData.CreatableTopicConfig().setName("retention.ms")
                    .setValue("3600000"));
        }
        CreateTopicsRequestData.CreatableTopicCollection topics =
                new CreateTopicsRequestData.CreatableTopicCollection();
        topics.add(topic);
        // Mostly validate-only: a mutated partition count must not fill the disk.
        return new CreateTopicsRequestData().setTopics(topics).setTimeoutMs(5_000).setValidateOnly(!in.oneIn(4));
    }

    private static ApiMessage deleteTopics(TemplateInput in, short v) {
        FuzzTargets t = in.targets();
        DeleteTopicsRequestData data = new DeleteTopicsRequestData().setTimeoutMs(5_000);
        if (v >= 6) {
            DeleteTopicsRequestData.DeleteTopicState state = in.oneIn(2)
                    ? new DeleteTopicsRequestData.DeleteTopicState().setName(t.victimTopic())
                    : new DeleteTopicsRequestData.DeleteTopicState().setTopicId(t.victimTopicId());
            data.topics().add(state);
        } else {
            data.topicNames().add(t.victimTopic());
        }
        return data;
    }

    private static ApiMessage createPartitions(TemplateInput in, short v) {
        CreatePartitionsRequestData.CreatePartitionsTopicCollection topics =
                new CreatePartitionsRequestData.CreatePartitionsTopicCollection();
        topics.add(new CreatePartitionsRequestData.CreatePartitionsTopic().setName(in.targets().victimTopic())
                .setCount(in.targets().partitions() + 1).setAssignments(null));
        return new CreatePartitionsRequestData().setTopics(topics).setTimeoutMs(5_000)
                .setValidateOnly(!in.oneIn(4));
    }

    private static ApiMessage initProducerId(TemplateInput in, short v) {
        return new InitProducerIdRequestData().setTransactionalId(null).setTransactionTimeoutMs(60_000);
    }

    private static ApiMessage deleteRecords(TemplateInput in, short v) {
        DeleteRecordsRequestData.DeleteRecordsTopic topic = new DeleteRecordsRequestData.DeleteRecordsTopic()
                .setName(in.targets().victimTopic());
        topic.partitions().add(new DeleteRecordsRequestData.DeleteRecordsPartition()
                .setPartitionIndex(in.partition()).setOffset(in.oneIn(3) ? -1 : in.random().nextInt(3)));
        return new DeleteRecordsRequestData().setTopics(new ArrayList<>(List.of(topic))).setTimeoutMs(5_000);
    }

    private static ApiMessage describeConfigs(TemplateInput in, short v) {
        DescribeConfigsRequestData data = new DescribeConfigsRequestData();
        data.resources().add(new DescribeConfigsRequestData.DescribeConfigsResource().setResourceType((byte) 2)
                .setResourceName(in.targets().dataTopic())
                .setConfigurationKeys(in.oneIn(2) ? null : new ArrayList<>(List.of("retention.ms", "no.such"))));
        data.resources().add(new DescribeConfigsRequestData.DescribeConfigsResource().setResourceType((byte) 4)
                .setResourceName(String.valueOf(in.targets().brokerId())).setConfigurationKeys(null));
        if (v >= 1) {
            data.setIncludeSynonyms(in.random().nextBoolean());
        }
        if (v >= 3) {
            data.setIncludeDocumentation(in.random().nextBoolean());
        }
        return data;
    }

    private static ApiMessage alterConfigs(TemplateInput in, short v) {
        AlterConfigsRequestData.AlterableConfigCollection configs =
                new AlterConfigsRequestData.AlterableConfigCollection();
        configs.add(new AlterConfigsRequestData.AlterableConfig().setName("retention.ms")
                .setValue(String.valueOf(3_600_000 + in.random().nextInt(1000))));
        AlterConfigsRequestData.AlterConfigsResourceCollection resources =
                new AlterConfigsRequestData.AlterConfigsResourceCollection();
        resources.add(new AlterConfigsRequestData.AlterConfigsResource().setResourceType((byte) 2)
                .setResourceName(in.targets().victimTopic()).setConfigs(configs));
        return new AlterConfigsRequestData().setResources(resources).setValidateOnly(in.random().nextBoolean());
    }

    private static ApiMessage incrementalAlterConfigs(TemplateInput in, short v) {
        IncrementalAlterConfigsRequestData.AlterableConfigCollection configs =
                new IncrementalAlterConfigsRequestData.AlterableConfigCollection();
        configs.add(new IncrementalAlterConfigsRequestData.AlterableConfig().setName("retention.ms")
                .setConfigOperation((byte) 0).setValue(String.valueOf(3_600_000 + in.random().nextInt(1000))));
        if (in.oneIn(2)) {
            configs.add(new IncrementalAlterConfigsRequestData.AlterableConfig().setName("cleanup.policy")
                    .setConfigOperation((byte) 2).setValue("compact"));
        }
        IncrementalAlterConfigsRequestData.AlterConfigsResourceCollection resources =
                new IncrementalAlterConfigsRequestData.AlterConfigsResourceCollection();
        resources.add(new IncrementalAlterConfigsRequestData.AlterConfigsResource().setResourceType((byte) 2)
                .setResourceName(in.targets().victimTopic()).setConfigs(configs));
        return new IncrementalAlterConfigsRequestData().setResources(resources)
                .setValidateOnly(in.random().nextBoolean());
    }

    private static ApiMessage describeLogDirs(TemplateInput in, short v) {
        if (in.oneIn(2)) {
            return new DescribeLogDirsRequestData().setTopics(null);
        }
        DescribeLogDirsRequestData.DescribableLogDirTopicCollection topics =
                new DescribeLogDirsRequestData.DescribableLogDirTopicCollection();
        topics.add(new DescribeLogDirsRequestData.DescribableLogDirTopic().setTopic(in.targets().dataTopic())
                .setPartitions(new ArrayList<>(List.of(0, 1))));
        return new DescribeLogDirsRequestData().setTopics(topics);
    }

    private static ApiMessage describeCluster(TemplateInput in, short v) {
        return new DescribeClusterRequestData().setIncludeClusterAuthorizedOperations(in.random().nextBoolean());
    }

    private static ApiMessage apiVersions(TemplateInput in, short v) {
        ApiVersionsRequestData data = new ApiVersionsRequestData();
        if (v >= 3) {
            data.setClientSoftwareName("samsa-fuzz").setClientSoftwareVersion("0.1");
        }
        return data;
    }
}
