package io.samsa.it;

import static io.samsa.it.Clients.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerPartitionAssignor;
import org.apache.kafka.clients.consumer.internals.ConsumerProtocol;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.message.AlterConfigsRequestData;
import org.apache.kafka.common.message.ApiVersionsRequestData;
import org.apache.kafka.common.message.DeleteTopicsRequestData;
import org.apache.kafka.common.message.DeleteTopicsResponseData;
import org.apache.kafka.common.message.FetchRequestData;
import org.apache.kafka.common.message.JoinGroupRequestData;
import org.apache.kafka.common.message.MetadataRequestData;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.message.ProduceResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.protocol.MessageUtil;
import org.apache.kafka.common.protocol.ObjectSerializationCache;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.SimpleRecord;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.AlterConfigsResponse;
import org.apache.kafka.common.requests.DeleteTopicsResponse;
import org.apache.kafka.common.requests.FetchResponse;
import org.apache.kafka.common.requests.JoinGroupResponse;
import org.apache.kafka.common.requests.MetadataResponse;
import org.apache.kafka.common.requests.ProduceResponse;
import org.apache.kafka.common.requests.RequestHeader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the protocol fuzzer (io.samsa.it.fuzz.ProtocolFuzzIT) found, one test per bug, each the smallest request
 * that shows it. Requests are written by hand where kafka-clients' request builders would refuse to build them.
 */
class FuzzFindingsIT {
    private static final String TOPIC = "findings";

    @TempDir
    static Path dir;
    static TestBroker broker;
    static Admin admin;

    @BeforeAll
    static void startBroker() throws Exception {
        // A new group rebalances at once, so a JoinGroup is answered without the 3 s initial delay.
        broker = TestBroker.start(dir, Map.of("group.initial.rebalance.delay.ms", "0"));
        admin = broker.adminClient();
        Clients.createTopic(admin, TOPIC, 1);
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    /** Writes {@code body} at {@code version} with a header of that version, whatever kafka-clients would allow. */
    private static RequestHeader send(RawConnection c, ApiKeys api, short version, int correlationId,
                                      ApiMessage body) throws IOException {
        RequestHeader header = new RequestHeader(api, version, "fuzz-findings", correlationId);
        ObjectSerializationCache cache = new ObjectSerializationCache();
        ByteBuffer h = ByteBuffer.allocate(header.data().size(cache, header.headerVersion()));
        header.data().write(new ByteBufferAccessor(h), cache, header.headerVersion());
        ByteBuffer b = MessageUtil.toByteBufferAccessor(body, version).buffer();
        ByteBuffer frame = ByteBuffer.allocate(h.capacity() + b.remaining()).put(h.array()).put(b);
        c.writeFrame(frame.array());
        return header;
    }

    @SuppressWarnings("unchecked")
    private static <R extends AbstractResponse> R call(ApiKeys api, short version, ApiMessage body)
            throws IOException {
        try (RawConnection c = new RawConnection(broker.port())) {
            RequestHeader header = send(c, api, version, 7, body);
            return (R) AbstractResponse.parseResponse(c.readFrame(), header);
        }
    }

    /**
     * A JoinGroup v3 (which joins without a member id round trip), once the group's coordinator is up: the admin
     * client's FindCoordinator makes the broker create __consumer_offsets, then JoinGroup is retried while it loads.
     */
    private static JoinGroupResponse joinAtV3(JoinGroupRequestData request) throws Exception {
        admin.listConsumerGroupOffsets(request.groupId()).partitionsToOffsetAndMetadata()
                .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        Set<Errors> notYet = Set.of(Errors.NOT_COORDINATOR, Errors.COORDINATOR_NOT_AVAILABLE,
                Errors.COORDINATOR_LOAD_IN_PROGRESS);
        AtomicReference<JoinGroupResponse> response = new AtomicReference<>();
        await().atMost(TIMEOUT).until(() -> {
            response.set(call(ApiKeys.JOIN_GROUP, (short) 3, request));
            return !notYet.contains(response.get().error());
        });
        return response.get();
    }

    private static JoinGroupRequestData join(String group, byte[] metadata) {
        JoinGroupRequestData.JoinGroupRequestProtocolCollection protocols =
                new JoinGroupRequestData.JoinGroupRequestProtocolCollection();
        protocols.add(new JoinGroupRequestData.JoinGroupRequestProtocol().setName("range").setMetadata(metadata));
        return new JoinGroupRequestData().setGroupId(group).setMemberId("").setProtocolType("consumer")
                .setSessionTimeoutMs(10_000).setRebalanceTimeoutMs(10_000).setProtocols(protocols);
    }

    private static byte[] subscription() {
        ByteBuffer b = ConsumerProtocol.serializeSubscription(new ConsumerPartitionAssignor.Subscription(
                List.of(TOPIC)));
        byte[] bytes = new byte[b.remaining()];
        b.get(bytes);
        return bytes;
    }

    private static MemoryRecords batch() {
        return MemoryRecords.withRecords(Compression.NONE,
                new SimpleRecord("key".getBytes(StandardCharsets.UTF_8), "value".getBytes(StandardCharsets.UTF_8)));
    }

    private static ProduceRequestData produce(MemoryRecords records) {
        ProduceRequestData.TopicProduceDataCollection topics = new ProduceRequestData.TopicProduceDataCollection();
        topics.add(new ProduceRequestData.TopicProduceData().setName(TOPIC).setPartitionData(new ArrayList<>(List.of(
                new ProduceRequestData.PartitionProduceData().setIndex(0).setRecords(records)))));
        return new ProduceRequestData().setAcks((short) -1).setTimeoutMs(10_000).setTopicData(topics);
    }

    // ---- fixed on this branch

    @Test
    void aJoinGroupThatNamesAProtocolTwiceIsAnswered() throws Exception {
        JoinGroupRequestData request = join("twice", subscription());
        request.protocols().add(new JoinGroupRequestData.JoinGroupRequestProtocol().setName("range")
                .setMetadata(subscription()));

        // It used to wait for ever: the protocol, counted twice for one member, was never supported by "all"
        // members, and selecting one threw inside a timer.
        JoinGroupResponse r = joinAtV3(request);

        assertThat(r.error()).isEqualTo(Errors.NONE);
        assertThat(r.data().protocolName()).isEqualTo("range");
    }

    @Test
    void aJoinGroupWithConsumerMetadataThatDoesNotParseIsAnswered() throws Exception {
        // Consumer protocol v0, then a topic count of about 2^30 with nothing after it.
        byte[] metadata = {0, 0, 0x40, 0, 0, 0};

        // It used to wait for ever: reading the subscription threw inside the timer that ends the join phase.
        JoinGroupResponse r = joinAtV3(join("unreadable", metadata));

        assertThat(r.error()).isEqualTo(Errors.NONE);
        assertThat(r.data().members()).hasSize(1);
    }

    @Test
    void aTopicNamedTwiceInOneDeleteTopicsIsRefusedOnceAndKept() throws Exception {
        Clients.createTopic(admin, "named-twice", 1);
        DeleteTopicsRequestData request = new DeleteTopicsRequestData().setTimeoutMs(10_000);
        for (int i = 0; i < 1_000; i++) {
            request.topicNames().add("named-twice");
        }

        long start = System.nanoTime();
        DeleteTopicsResponse r = call(ApiKeys.DELETE_TOPICS, (short) 5, request);

        // Kafka answers INVALID_REQUEST "Duplicate topic name." once and deletes nothing; Samsa used to delete it and
        // then make 999 more ZooKeeper round trips, answering 1,000 times after several seconds.
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(2_000);
        assertThat(r.data().responses()).hasSize(1);
        DeleteTopicsResponseData.DeletableTopicResult result = r.data().responses().iterator().next();
        assertThat(result.name()).isEqualTo("named-twice");
        assertThat(Errors.forCode(result.errorCode())).isEqualTo(Errors.INVALID_REQUEST);
        assertThat(admin.listTopics().names().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)).contains("named-twice");
    }

    @Test
    void aBatchWhoseLengthFieldIsNearIntegerMaxIsCorruptNotAServerError() throws Exception {
        MemoryRecords good = batch();
        ByteBuffer bytes = ByteBuffer.allocate(good.sizeInBytes()).put(good.buffer().duplicate());
        bytes.putInt(8, Integer.MAX_VALUE); // the batch length: kafka-clients' batch iterator overflows on it

        ProduceResponse r = call(ApiKeys.PRODUCE, (short) 9, produce(MemoryRecords.readableRecords(bytes.flip())));

        ProduceResponseData.PartitionProduceResponse p = r.data().responses().iterator().next()
                .partitionResponses().get(0);
        assertThat(Errors.forCode(p.errorCode())).isEqualTo(Errors.CORRUPT_MESSAGE);
    }

    @Test
    void metadataV10NamingATopicByIdIsAnInvalidRequestNotAClosedConnection() throws Exception {
        MetadataRequestData request = new MetadataRequestData().setAllowAutoTopicCreation(false);
        request.topics().add(new MetadataRequestData.MetadataRequestTopic().setName(null)
                .setTopicId(Uuid.randomUuid()));

        // v10 and v11 take ids in the request but cannot answer a topic without a name: for an unknown id Samsa
        // failed to write its response and closed the connection. Kafka refuses ids below v12.
        MetadataResponse r = call(ApiKeys.METADATA, (short) 10, request);

        assertThat(r.topicMetadata()).extracting(MetadataResponse.TopicMetadata::error)
                .containsExactly(Errors.INVALID_REQUEST);
    }

    @Test
    void aResourceNamedTwiceInAlterConfigsIsRefusedOnceAndLeftAsItWas() throws Exception {
        Clients.createTopic(admin, "configured-twice", 1);
        AlterConfigsRequestData.AlterConfigsResourceCollection resources =
                new AlterConfigsRequestData.AlterConfigsResourceCollection();
        for (String retention : List.of("1000000", "2000000")) {
            AlterConfigsRequestData.AlterableConfigCollection configs =
                    new AlterConfigsRequestData.AlterableConfigCollection();
            configs.add(new AlterConfigsRequestData.AlterableConfig().setName("retention.ms").setValue(retention));
            resources.add(new AlterConfigsRequestData.AlterConfigsResource()
                    .setResourceType(ConfigResource.Type.TOPIC.id()).setResourceName("configured-twice")
                    .setConfigs(configs));
        }

        AlterConfigsResponse r = call(ApiKeys.ALTER_CONFIGS, (short) 2, new AlterConfigsRequestData()
                .setResources(resources));

        // Answered once per resource, as Kafka does: the Java admin client reads the answers into a map, and a
        // second answer for the same resource made it throw.
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, "configured-twice");
        assertThat(r.errors()).containsOnlyKeys(resource);
        assertThat(r.errors().get(resource).error()).isEqualTo(Errors.INVALID_REQUEST);
        Config config = admin.describeConfigs(List.of(resource)).all().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                .get(resource);
        assertThat(config.get("retention.ms").value()).isNotIn("1000000", "2000000");
    }

    // ---- for the network branch

    @Test
    void answersToRequestsBeforeAMalformedFrameAreSentBeforeTheConnectionCloses() throws Exception {
        try (RawConnection c = new RawConnection(broker.port())) {
            // A fetch at the log end that waits for data: still in flight when the next frame arrives.
            TopicPartition tp = new TopicPartition(TOPIC, 0);
            long end = admin.listOffsets(Map.of(tp, OffsetSpec.latest())).all()
                    .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).get(tp).offset();
            FetchRequestData.FetchTopic topic = new FetchRequestData.FetchTopic().setTopic(TOPIC);
            topic.partitions().add(new FetchRequestData.FetchPartition().setPartition(0).setFetchOffset(end)
                    .setPartitionMaxBytes(1 << 20));
            RequestHeader fetch = send(c, ApiKeys.FETCH, (short) 12, 1, new FetchRequestData().setMaxWaitMs(300)
                    .setMinBytes(1).setMaxBytes(1 << 20).setTopics(new ArrayList<>(List.of(topic))));
            byte[] garbage = new byte[64];
            new Random(3).nextBytes(garbage);
            ByteBuffer malformed = ByteBuffer.allocate(8 + garbage.length).putShort(ApiKeys.PRODUCE.id)
                    .putShort((short) 8).putInt(2).put(garbage);
            c.writeFrame(malformed.array());

            // Kafka reads one request per connection at a time: the fetch is answered, then the bad frame closes.
            FetchResponse r = (FetchResponse) AbstractResponse.parseResponse(c.readFrame(), fetch);
            assertThat(r.error()).isEqualTo(Errors.NONE);
            assertThat(c.closedByBroker()).isTrue();
        }
    }

    @Test
    void aRequestWithThousandsOfDuplicateKeysDoesNotStallOtherConnections(@TempDir Path own) throws Exception {
        ProduceRequestData request = produce(batch());
        ProduceRequestData.TopicProduceData first = request.topicData().iterator().next();
        for (int i = 0; i < 3_000; i++) {
            request.topicData().add(first.duplicate());
        }
        // A broker of its own: while the bug is there, the stalled network thread would fail the other tests.
        try (TestBroker stalled = TestBroker.start(own);
             RawConnection slow = new RawConnection(stalled.port())) {
            send(slow, ApiKeys.PRODUCE, (short) 9, 1, request);
            // Fresh connections go to the network threads in turn (3 by default): every one must be served.
            for (int i = 0; i < 3; i++) {
                try (RawConnection c = new RawConnection(stalled.port())) {
                    long start = System.nanoTime();
                    RequestHeader h = send(c, ApiKeys.API_VERSIONS, (short) 3, 1, new ApiVersionsRequestData()
                            .setClientSoftwareName("findings").setClientSoftwareVersion("1"));
                    AbstractResponse.parseResponse(c.readFrame(), h);
                    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).as("connection %d", i)
                            .isLessThan(2_000);
                }
            }
        }
    }
}
