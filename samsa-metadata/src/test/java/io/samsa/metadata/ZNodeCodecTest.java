package io.samsa.metadata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.Endpoint;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.security.auth.SecurityProtocol;
import org.junit.jupiter.api.Test;

/** The JSON of each znode kind, as Kafka 3.x writes and reads it. */
class ZNodeCodecTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode json(byte[] bytes) throws Exception {
        return JSON.readTree(bytes);
    }

    private static byte[] bytes(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void clusterIdHasAStringVersion() throws Exception {
        JsonNode node = json(ClusterIdZNode.encode("abcdefghijklmnopqrstuv"));
        assertThat(node.get("version").isTextual()).isTrue();
        assertThat(node.get("version").asText()).isEqualTo("1");
        assertThat(node.get("id").asText()).isEqualTo("abcdefghijklmnopqrstuv");
        assertThat(ClusterIdZNode.decode(bytes("{\"version\":\"1\",\"id\":\"x1\"}"))).isEqualTo("x1");
    }

    @Test
    void brokerRegistrationIsVersion5() throws Exception {
        JsonNode node = json(BrokerIdZNode.encode(new BrokerRegistration(3, "h1", 9092, "r1"), 1234L));
        assertThat(node.get("version").asInt()).isEqualTo(5);
        assertThat(node.get("host").asText()).isEqualTo("h1");
        assertThat(node.get("port").asInt()).isEqualTo(9092);
        assertThat(node.get("endpoints")).hasSize(1);
        assertThat(node.get("endpoints").get(0).asText()).isEqualTo("PLAINTEXT://h1:9092");
        assertThat(node.get("listener_security_protocol_map").get("PLAINTEXT").asText()).isEqualTo("PLAINTEXT");
        assertThat(node.get("jmx_port").asInt()).isEqualTo(-1);
        assertThat(node.get("timestamp").isTextual()).isTrue();
        assertThat(node.get("timestamp").asText()).isEqualTo("1234");
        assertThat(node.get("rack").asText()).isEqualTo("r1");
        assertThat(node.get("features").isObject()).isTrue();

        JsonNode noRack = json(BrokerIdZNode.encode(new BrokerRegistration(3, "h1", 9092, null), 1L));
        assertThat(noRack.has("rack")).as("Kafka omits rack when there is none").isFalse();
    }

    @Test
    void brokerRegistrationRoundTripsIncludingIpv6() {
        BrokerRegistration broker = new BrokerRegistration(7, "::1", 9093, null);
        byte[] encoded = BrokerIdZNode.encode(broker, 1L);
        assertThat(new String(encoded, StandardCharsets.UTF_8)).contains("PLAINTEXT://[::1]:9093");
        assertThat(BrokerIdZNode.decode(7, encoded)).isEqualTo(broker);
    }

    @Test
    void decodesARegistrationWrittenByKafka() {
        String kafka = "{\"features\":{},\"listener_security_protocol_map\":{\"PLAINTEXT\":\"PLAINTEXT\","
            + "\"SSL\":\"SSL\"},\"endpoints\":[\"PLAINTEXT://kafka1:9092\",\"SSL://kafka1:9093\"],\"jmx_port\":-1,"
            + "\"port\":9092,\"host\":\"kafka1\",\"version\":5,\"timestamp\":\"1700000000000\",\"rack\":null}";
        BrokerRegistration decoded = BrokerIdZNode.decode(1, bytes(kafka));
        assertThat(decoded.endpoints()).containsExactly(
            new Endpoint("PLAINTEXT", SecurityProtocol.PLAINTEXT, "kafka1", 9092),
            new Endpoint("SSL", SecurityProtocol.SSL, "kafka1", 9093));
        assertThat(decoded.host()).isEqualTo("kafka1");
        assertThat(decoded.port()).isEqualTo(9092);
        assertThat(decoded.rack()).isNull();
        assertThat(decoded.cleanStart()).as("Kafka says nothing about clean starts: not clean").isFalse();
        assertThat(decoded.epoch()).isEqualTo(BrokerRegistration.UNKNOWN_EPOCH);

        String sslOnly = "{\"listener_security_protocol_map\":{\"SSL\":\"SSL\"},\"endpoints\":[\"SSL://k2:9093\"],"
            + "\"jmx_port\":-1,\"port\":-1,\"host\":null,\"version\":4,\"timestamp\":\"1\"}";
        BrokerRegistration ssl = BrokerIdZNode.decode(2, bytes(sslOnly));
        assertThat(ssl.host()).isEqualTo("k2");
        assertThat(ssl.port()).isEqualTo(9093);

        String v1 = "{\"version\":1,\"host\":\"old\",\"port\":9092,\"jmx_port\":-1,\"timestamp\":\"1\"}";
        assertThat(BrokerIdZNode.decode(3, bytes(v1))).isEqualTo(new BrokerRegistration(3, "old", 9092, null));

        String noMap = "{\"version\":3,\"host\":\"h\",\"port\":1,\"endpoints\":[\"SASL_SSL://h:2\"],\"jmx_port\":-1}";
        assertThat(BrokerIdZNode.decode(4, bytes(noMap)).endpoints())
            .containsExactly(new Endpoint("SASL_SSL", SecurityProtocol.SASL_SSL, "h", 2));
    }

    @Test
    void topicIsVersion3WithTopicIdAndEmptyReassignments() throws Exception {
        Uuid id = Uuid.randomUuid();
        TopicMetadata topic = new TopicMetadata("t", id, TopicMetadata.sorted(Map.of(0, List.of(1, 2), 1, List.of(2, 3))));
        JsonNode node = json(TopicZNode.encode(TopicZNode.Data.of(topic)));
        assertThat(node.get("version").asInt()).isEqualTo(3);
        assertThat(node.get("topic_id").asText()).isEqualTo(id.toString()).hasSize(22);
        assertThat(node.get("partitions").get("0").toString()).isEqualTo("[1,2]");
        assertThat(node.get("partitions").get("1").toString()).isEqualTo("[2,3]");
        assertThat(node.get("adding_replicas").isObject()).isTrue();
        assertThat(node.get("adding_replicas")).isEmpty();
        assertThat(node.get("removing_replicas")).isEmpty();
        assertThat(TopicZNode.decode("t", TopicZNode.encode(TopicZNode.Data.of(topic))).topic()).isEqualTo(topic);
    }

    @Test
    void decodesATopicWrittenByAnOldKafkaAndKeepsReassignments() {
        String old = "{\"version\":2,\"partitions\":{\"1\":[2],\"0\":[1]},\"adding_replicas\":{\"0\":[3]},"
            + "\"removing_replicas\":{}}";
        TopicZNode.Data data = TopicZNode.decode("old", bytes(old));
        assertThat(data.topic().topicId()).isEqualTo(Uuid.ZERO_UUID);
        assertThat(data.topic().assignment()).containsExactly(Map.entry(0, List.of(1)), Map.entry(1, List.of(2)));
        assertThat(data.addingReplicas()).containsEntry(0, List.of(3));
        TopicZNode.Data reencoded = TopicZNode.decode("old", TopicZNode.encode(data));
        assertThat(reencoded.addingReplicas()).containsEntry(0, List.of(3));
    }

    @Test
    void partitionStateIsVersion1() throws Exception {
        PartitionState state = new PartitionState(2, 5, List.of(2, 1), 7);
        JsonNode node = json(PartitionStateZNode.encode(state));
        assertThat(node.get("version").asInt()).isEqualTo(1);
        assertThat(node.get("leader").asInt()).isEqualTo(2);
        assertThat(node.get("leader_epoch").asInt()).isEqualTo(5);
        assertThat(node.get("controller_epoch").asInt()).isEqualTo(7);
        assertThat(node.get("isr").toString()).isEqualTo("[2,1]");
        assertThat(PartitionStateZNode.decode(new TopicPartition("t", 0), PartitionStateZNode.encode(state)))
            .isEqualTo(state);
        String kafka = "{\"controller_epoch\":1,\"leader\":1,\"version\":1,\"leader_epoch\":0,\"isr\":[1],"
            + "\"leader_recovery_state\":1}";
        assertThat(PartitionStateZNode.decode(new TopicPartition("t", 0), bytes(kafka)))
            .isEqualTo(new PartitionState(1, 0, List.of(1), 1).withLeaderRecoveryState(LeaderRecoveryState.RECOVERING));
        assertThat(node.has("leader_recovery_state")).as("Kafka writes it only while recovering").isFalse();
        assertThat(node.has("eligible_leader_replicas")).as("absent when empty, as Kafka 3.9 writes").isFalse();
        assertThat(node.has("last_known_elr")).isFalse();
    }

    @Test
    void partitionStateCarriesKip966FieldsAndRecovery() throws Exception {
        PartitionState state = new PartitionState(-1, 9, List.of(), 4, LeaderRecoveryState.RECOVERING, List.of(2, 3),
            List.of(1));
        JsonNode node = json(PartitionStateZNode.encode(state));
        assertThat(node.get("isr").toString()).isEqualTo("[]");
        assertThat(node.get("leader_recovery_state").asInt()).isEqualTo(1);
        assertThat(node.get("eligible_leader_replicas").toString()).isEqualTo("[2,3]");
        assertThat(node.get("last_known_elr").toString()).isEqualTo("[1]");
        assertThat(PartitionStateZNode.decode(new TopicPartition("t", 1), PartitionStateZNode.encode(state)))
            .isEqualTo(state);
    }

    @Test
    void brokerRegistrationWithSeveralListenersAndACleanStart() throws Exception {
        BrokerRegistration broker = new BrokerRegistration(5, List.of(
            new Endpoint("INTERNAL", SecurityProtocol.SSL, "i5", 9094),
            new Endpoint("CLIENTS", SecurityProtocol.PLAINTEXT, "c5", 9092)), "r2", true,
            BrokerRegistration.UNKNOWN_EPOCH);
        JsonNode node = json(BrokerIdZNode.encode(broker, 7L));
        assertThat(node.get("endpoints").toString()).isEqualTo("[\"INTERNAL://i5:9094\",\"CLIENTS://c5:9092\"]");
        assertThat(node.get("listener_security_protocol_map").get("INTERNAL").asText()).isEqualTo("SSL");
        assertThat(node.get("listener_security_protocol_map").get("CLIENTS").asText()).isEqualTo("PLAINTEXT");
        assertThat(node.get("host").asText()).as("the first PLAINTEXT endpoint, for old clients").isEqualTo("c5");
        assertThat(node.get("port").asInt()).isEqualTo(9092);
        assertThat(node.get("samsa_clean_start").asBoolean()).isTrue();
        assertThat(BrokerIdZNode.decode(5, BrokerIdZNode.encode(broker, 7L))).isEqualTo(broker);

        BrokerRegistration sslOnly = new BrokerRegistration(6, List.of(
            new Endpoint("SSL", SecurityProtocol.SSL, "s6", 9093)), null, false, BrokerRegistration.UNKNOWN_EPOCH);
        JsonNode ssl = json(BrokerIdZNode.encode(sslOnly, 1L));
        assertThat(ssl.get("host").isNull()).as("Kafka writes host null without a PLAINTEXT listener").isTrue();
        assertThat(ssl.get("port").asInt()).isEqualTo(-1);
    }

    @Test
    void controllerAndControllerEpoch() throws Exception {
        JsonNode node = json(ControllerZNode.encode(3, 1700L));
        assertThat(node.get("version").asInt()).isEqualTo(1);
        assertThat(node.get("brokerid").asInt()).isEqualTo(3);
        assertThat(node.get("timestamp").asText()).isEqualTo("1700");
        assertThat(ControllerZNode.decode(bytes("{\"version\":2,\"brokerid\":4,\"timestamp\":\"1\","
            + "\"kraftControllerEpoch\":-1}"))).as("Kafka 3.9's form").isEqualTo(4);
        assertThat(new String(ControllerZNode.encodeEpoch(12), StandardCharsets.UTF_8)).isEqualTo("12");
        assertThat(ControllerZNode.decodeEpoch(bytes("7"))).isEqualTo(7);
        assertThatThrownBy(() -> ControllerZNode.decodeEpoch(bytes("x"))).isInstanceOf(KafkaException.class)
            .hasMessageContaining("/controller_epoch");
    }

    @Test
    void controlledShutdownRequest() throws Exception {
        ControlledShutdownRequest requested = ControlledShutdownRequest.requested(2, 4294967312L);
        JsonNode node = json(ControlledShutdownZNode.encode(requested));
        assertThat(node.get("version").asInt()).isEqualTo(1);
        assertThat(node.get("broker_epoch").asLong()).isEqualTo(4294967312L);
        assertThat(node.get("status").asText()).isEqualTo("requested");
        assertThat(node.has("remaining_leaders")).isFalse();
        assertThat(ControlledShutdownZNode.decode(2, ControlledShutdownZNode.encode(requested))).isEqualTo(requested);
        ControlledShutdownRequest done = requested.done(3);
        assertThat(json(ControlledShutdownZNode.encode(done)).get("remaining_leaders").asInt()).isEqualTo(3);
        assertThat(ControlledShutdownZNode.decode(2, ControlledShutdownZNode.encode(done))).isEqualTo(done);
    }

    @Test
    void topicZnodeCarriesAReassignmentAsKafkaWritesIt() throws Exception {
        Uuid id = Uuid.randomUuid();
        TopicAssignment assignment = new TopicAssignment("r", id, new java.util.TreeMap<>(Map.of(
            0, ReplicaAssignment.of(List.of(1, 2)).reassignTo(List.of(2, 3)),
            1, ReplicaAssignment.of(List.of(2, 3)))));
        JsonNode node = json(TopicZNode.encode(TopicZNode.Data.of(assignment)));
        assertThat(node.get("partitions").get("0").toString()).isEqualTo("[2,3,1]");
        assertThat(node.get("adding_replicas").toString()).isEqualTo("{\"0\":[3]}");
        assertThat(node.get("removing_replicas").toString()).isEqualTo("{\"0\":[1]}");
        assertThat(TopicZNode.decode("r", TopicZNode.encode(TopicZNode.Data.of(assignment))).toAssignment())
            .isEqualTo(assignment);
    }

    @Test
    void topicConfigIsVersion1WithStringValues() throws Exception {
        JsonNode node = json(TopicConfigZNode.encode(Map.of("retention.ms", "1000", "cleanup.policy", "compact")));
        assertThat(node.get("version").asInt()).isEqualTo(1);
        assertThat(node.get("config").get("retention.ms").isTextual()).isTrue();
        assertThat(TopicConfigZNode.decode("t", bytes("{\"version\":1,\"config\":{}}"))).isEmpty();
        assertThat(TopicConfigZNode.decode("t", TopicConfigZNode.encode(Map.of("a", "b")))).isEqualTo(Map.of("a", "b"));
    }

    @Test
    void malformedJsonNamesTheZnode() {
        assertThatThrownBy(() -> TopicZNode.decode("t", bytes("not json")))
            .isInstanceOf(KafkaException.class).hasMessageContaining("/brokers/topics/t");
        assertThatThrownBy(() -> PartitionStateZNode.decode(new TopicPartition("t", 3), bytes("{\"leader\":1}")))
            .isInstanceOf(KafkaException.class)
            .hasMessageContaining("/brokers/topics/t/partitions/3/state").hasMessageContaining("leader_epoch");
    }

    @Test
    void pathsMapBackToWhatTheyHold() {
        assertThat(ZkPaths.parse("/brokers/ids/4")).isEqualTo(new ZkPaths.BrokerRef(4));
        assertThat(ZkPaths.parse("/brokers/topics/a.b")).isEqualTo(new ZkPaths.TopicRef("a.b"));
        assertThat(ZkPaths.parse("/brokers/topics/a/partitions/12/state"))
            .isEqualTo(new ZkPaths.PartitionStateRef(new TopicPartition("a", 12)));
        assertThat(ZkPaths.parse("/config/topics/a")).isEqualTo(new ZkPaths.TopicConfigRef("a"));
        assertThat(ZkPaths.parse("/brokers/topics/a/partitions")).isNull();
        assertThat(ZkPaths.parse("/brokers/topics/a/partitions/1")).isNull();
        assertThat(ZkPaths.parse("/brokers/seqid")).isNull();
        assertThat(ZkPaths.parse("/brokers")).isNull();
        assertThat(ZkPaths.parse("/controller")).isEqualTo(new ZkPaths.ControllerRef());
        assertThat(ZkPaths.parse("/controller_epoch")).isNull();
        assertThat(ZkPaths.parse("/samsa/controlled_shutdown/3")).isEqualTo(new ZkPaths.ControlledShutdownRef(3));
        assertThat(ZkPaths.parse("/samsa/controlled_shutdown")).isNull();
    }
}
