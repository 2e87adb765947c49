package io.samsa.metadata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
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
        assertThat(BrokerIdZNode.decode(1, bytes(kafka))).isEqualTo(new BrokerRegistration(1, "kafka1", 9092, null));

        String sslOnly = "{\"listener_security_protocol_map\":{\"SSL\":\"SSL\"},\"endpoints\":[\"SSL://k2:9093\"],"
            + "\"jmx_port\":-1,\"port\":-1,\"host\":null,\"version\":4,\"timestamp\":\"1\"}";
        assertThat(BrokerIdZNode.decode(2, bytes(sslOnly))).isEqualTo(new BrokerRegistration(2, "k2", 9093, null));
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
            .isEqualTo(new PartitionState(1, 0, List.of(1), 1));
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
    }
}
