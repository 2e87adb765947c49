package io.samsa.common.config;

import static org.apache.kafka.clients.admin.AlterConfigOp.OpType.APPEND;
import static org.apache.kafka.clients.admin.AlterConfigOp.OpType.DELETE;
import static org.apache.kafka.clients.admin.AlterConfigOp.OpType.SET;
import static org.apache.kafka.clients.admin.AlterConfigOp.OpType.SUBTRACT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.samsa.common.config.TopicConfigs.Op;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.errors.InvalidConfigurationException;
import org.apache.kafka.common.errors.InvalidRequestException;
import org.junit.jupiter.api.Test;

class TopicConfigsIncrementalTest {

    private static final Map<String, String> CURRENT = Map.of("retention.ms", "1000", "cleanup.policy", "compact");

    @Test
    void setReplacesOrAddsAndNormalises() {
        Map<String, String> result = TopicConfigs.applyIncremental(CURRENT,
                List.of(new Op("retention.ms", SET, "2000"), new Op("segment.ms", SET, " 60000 ")));

        assertThat(result).containsExactly(Map.entry("cleanup.policy", "compact"),
                Map.entry("retention.ms", "2000"), Map.entry("segment.ms", "60000"));
    }

    @Test
    void deleteRemovesTheOverrideEvenForUnknownNames() {
        Map<String, String> result = TopicConfigs.applyIncremental(CURRENT,
                List.of(new Op("retention.ms", DELETE, null), new Op("no.such.config", DELETE, null)));

        assertThat(result).containsExactly(Map.entry("cleanup.policy", "compact"));
    }

    @Test
    void appendStartsFromTheDefaultAndSkipsPresentItems() {
        assertThat(TopicConfigs.applyIncremental(Map.of(), List.of(new Op("cleanup.policy", APPEND, "compact"))))
                .containsEntry("cleanup.policy", "delete,compact");
        assertThat(TopicConfigs.applyIncremental(CURRENT, List.of(new Op("cleanup.policy", APPEND, "compact,delete"))))
                .containsEntry("cleanup.policy", "compact,delete");
        assertThat(TopicConfigs.applyIncremental(Map.of(),
                List.of(new Op("leader.replication.throttled.replicas", APPEND, "0:1,1:2"))))
                .containsEntry("leader.replication.throttled.replicas", "0:1,1:2");
    }

    @Test
    void subtractRemovesItems() {
        Map<String, String> current = Map.of("follower.replication.throttled.replicas", "0:1,1:2,2:3");

        assertThat(TopicConfigs.applyIncremental(current,
                List.of(new Op("follower.replication.throttled.replicas", SUBTRACT, "1:2,9:9"))))
                .containsEntry("follower.replication.throttled.replicas", "0:1,2:3");
    }

    @Test
    void appendAndSubtractNeedAListConfig() {
        assertThatThrownBy(() -> TopicConfigs.applyIncremental(CURRENT, List.of(new Op("retention.ms", APPEND, "1"))))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("retention.ms").hasMessageContaining("not LIST");
        assertThatThrownBy(() -> TopicConfigs.applyIncremental(CURRENT, List.of(new Op("preallocate", SUBTRACT, "x"))))
                .isInstanceOf(InvalidConfigurationException.class);
    }

    @Test
    void malformedRequestsAreRejected() {
        assertThatThrownBy(() -> TopicConfigs.applyIncremental(CURRENT,
                List.of(new Op("retention.ms", SET, "1"), new Op("retention.ms", DELETE, null))))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("duplicate");
        assertThatThrownBy(() -> TopicConfigs.applyIncremental(CURRENT, List.of(new Op("retention.ms", SET, null))))
                .isInstanceOf(InvalidRequestException.class);
    }

    @Test
    void resultIsValidated() {
        assertThatThrownBy(() -> TopicConfigs.applyIncremental(CURRENT, List.of(new Op("bogus", SET, "1"))))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessage("Unknown topic config name: bogus");
        assertThatThrownBy(() -> TopicConfigs.applyIncremental(CURRENT, List.of(new Op("retention.ms", SET, "soon"))))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("Invalid value soon for configuration retention.ms");
        assertThatThrownBy(() -> TopicConfigs.applyIncremental(CURRENT,
                List.of(new Op("cleanup.policy", APPEND, "shred"))))
                .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("cleanup.policy");
    }
}
