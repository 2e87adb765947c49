package io.samsa.metadata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.Test;

class ZkAclStoreTest extends SharedZooKeeperTest {
    private static final AccessControlEntry ALICE_READ = new AccessControlEntry("User:alice", "*", AclOperation.READ,
            AclPermissionType.ALLOW);
    private static final AccessControlEntry BOB_DENY = new AccessControlEntry("User:bob", "10.0.0.1",
            AclOperation.WRITE, AclPermissionType.DENY);

    private AclStore store() {
        ZkMetadataStore metadata = ZkTestSupport.startStore(connect);
        toClose.add(metadata);
        AclStore acls = metadata.aclStore();
        toClose.add(0, acls); // before the session it uses
        return acls;
    }

    @Test
    void writesKafkasLayoutAndJson() throws Exception {
        AclStore acls = store();
        acls.start((r, e) -> { });
        ResourcePattern literal = new ResourcePattern(ResourceType.TOPIC, "orders", PatternType.LITERAL);
        ResourcePattern prefixed = new ResourcePattern(ResourceType.GROUP, "app-", PatternType.PREFIXED);
        acls.update(literal, s -> Set.of(ALICE_READ));
        acls.update(prefixed, s -> Set.of(BOB_DENY));

        JsonNode json = ZkTestSupport.readJson(raw, chroot + "/kafka-acl/Topic/orders");
        assertThat(json.get("version").asInt()).isEqualTo(1);
        assertThat(json.get("acls").get(0).get("principal").asText()).isEqualTo("User:alice");
        assertThat(json.get("acls").get(0).get("permissionType").asText()).isEqualTo("Allow");
        assertThat(json.get("acls").get(0).get("operation").asText()).isEqualTo("Read");
        assertThat(json.get("acls").get(0).get("host").asText()).isEqualTo("*");
        JsonNode deny = ZkTestSupport.readJson(raw, chroot + "/kafka-acl-extended/prefixed/Group/app-");
        assertThat(deny.get("acls").get(0).get("permissionType").asText()).isEqualTo("Deny");
        assertThat(raw.getChildren().forPath(chroot + "/kafka-acl-changes")).hasSize(1);
        String change = raw.getChildren().forPath(chroot + "/kafka-acl-changes").get(0);
        assertThat(change).startsWith("acl_changes_");
        assertThat(new String(raw.getData().forPath(chroot + "/kafka-acl-changes/" + change),
                StandardCharsets.UTF_8)).isEqualTo("TOPIC:orders");
        assertThat(raw.getChildren().forPath(chroot + "/kafka-acl-extended-changes")).hasSize(1);
    }

    @Test
    void readsKafkaWrittenZnodesAndFollowsChangesFromAnotherStore() throws Exception {
        // As Kafka 3.9's AclAuthorizer wrote it, before any Samsa store started.
        raw.create().creatingParentsIfNeeded().forPath(chroot + "/kafka-acl/Cluster/kafka-cluster",
                ("{\"version\":1,\"acls\":[{\"principal\":\"User:admin\",\"permissionType\":\"Allow\","
                        + "\"operation\":\"ClusterAction\",\"host\":\"*\"}]}").getBytes(StandardCharsets.UTF_8));
        AclStore first = store();
        Map<ResourcePattern, Set<AccessControlEntry>> seen = new ConcurrentHashMap<>();
        Map<ResourcePattern, Set<AccessControlEntry>> loaded = first.start(seen::put);
        assertThat(loaded).containsEntry(new ResourcePattern(ResourceType.CLUSTER, "kafka-cluster",
                PatternType.LITERAL), Set.of(new AccessControlEntry("User:admin", "*", AclOperation.CLUSTER_ACTION,
                AclPermissionType.ALLOW)));

        AclStore second = store();
        second.start((r, e) -> { });
        ResourcePattern topics = new ResourcePattern(ResourceType.TOPIC, "in-", PatternType.PREFIXED);
        second.update(topics, s -> Set.of(ALICE_READ, BOB_DENY));
        await().atMost(ZkTestSupport.WAIT).until(() -> Set.of(ALICE_READ, BOB_DENY).equals(seen.get(topics)));

        assertThat(second.update(topics, s -> Set.of())).isEmpty();
        assertThat(raw.checkExists().forPath(chroot + "/kafka-acl-extended/prefixed/Topic/in-")).isNull();
        await().atMost(ZkTestSupport.WAIT).untilAsserted(() -> assertThat(seen.get(topics)).isEmpty());
    }
}
