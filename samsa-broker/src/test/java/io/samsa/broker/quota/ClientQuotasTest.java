package io.samsa.broker.quota;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.samsa.broker.EntityConfigs;
import io.samsa.broker.auth.MapEntityConfigStore;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.errors.ThrottlingQuotaExceededException;
import org.apache.kafka.common.utils.MockTime;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The broker's quotas as stored (Kafka 3.x's entity paths, beside SCRAM keys) and the controller-mutation quota's
 * KIP-599 rules, on a mock clock.
 */
class ClientQuotasTest {
    private final MockTime time = new MockTime(0, 1_700_000_000_000L, 0);
    private final MapEntityConfigStore store = new MapEntityConfigStore();
    private final EntityConfigs entityConfigs = new EntityConfigs(store);
    private ClientQuotas quotas;

    private ClientQuotas start() {
        entityConfigs.start();
        quotas = ClientQuotas.start(entityConfigs, 11, 1000, time);
        return quotas;
    }

    @AfterEach
    void close() {
        if (quotas != null) {
            quotas.close();
        }
        entityConfigs.close();
    }

    private void set(String path, String key, String value) {
        store.update(path, stored -> {
            Map<String, String> next = new HashMap<>(stored);
            next.put(key, value);
            return next;
        });
    }

    @Test
    void storedQuotasAreReadFromKafkasPathsAndOtherKeysIgnored() {
        set("users/alice", "SCRAM-SHA-256", "salt=c2FsdA==,stored_key=a2V5,server_key=a2V5,iterations=4096");
        set("users/alice", "producer_byte_rate", "1024");
        set("clients/<default>", "consumer_byte_rate", "2048.5");
        set("users/bob%40example/clients/app-1", "request_percentage", "50");
        set("clients/broken", "producer_byte_rate", "fast");
        ClientQuotas q = start();

        assertThat(q.configs().byEntity()).containsOnly(
                Map.entry(QuotaEntity.user("alice"), Map.of("producer_byte_rate", 1024.0)),
                Map.entry(QuotaEntity.client(QuotaEntity.DEFAULT), Map.of("consumer_byte_rate", 2048.5)),
                Map.entry(QuotaEntity.userAndClient("bob@example", "app-1"), Map.of("request_percentage", 50.0)));

        // A change on any broker arrives through the store's watch.
        set("clients/app-2", "producer_byte_rate", "10");
        assertThat(q.configs().byEntity()).containsEntry(QuotaEntity.client("app-2"),
                Map.of("producer_byte_rate", 10.0));
        assertThat(q.maxValueInWindow(QuotaType.FETCH, "carol", "any")).isEqualTo(20485L); // 2048.5 x 10 windows
        assertThat(q.maxValueInWindow(QuotaType.FETCH, "alice", "any")).isEqualTo(20485L);
        assertThat(q.maxValueInWindow(QuotaType.PRODUCE, "carol", "any")).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void aStrictControllerMutationQuotaLetsOneBurstThroughThenRefusesUntilTheBucketRefills() {
        set("clients/creator", "controller_mutation_rate", "2");
        ClientQuotas q = start();

        // Burst: 2 a second x 11 windows of 1 s = 22 partitions; a request may take the bucket below zero.
        ControllerMutationQuota first = q.controllerMutations("ANONYMOUS", "creator", true);
        first.checkAllowed();
        first.record(30); // 22 - 30 = -8 tokens
        assertThat(first.throttleTimeMs()).isZero();

        ControllerMutationQuota second = q.controllerMutations("ANONYMOUS", "creator", true);
        assertThatThrownBy(second::checkAllowed).isInstanceOf(ThrottlingQuotaExceededException.class)
                .satisfies(e -> assertThat(((ThrottlingQuotaExceededException) e).throttleTimeMs())
                        .isEqualTo(4000));
        assertThat(second.throttleTimeMs()).isEqualTo(4000);

        time.sleep(3_000);
        assertThatThrownBy(q.controllerMutations("ANONYMOUS", "creator", true)::checkAllowed)
                .isInstanceOf(ThrottlingQuotaExceededException.class);
        time.sleep(1_000);
        q.controllerMutations("ANONYMOUS", "creator", true).checkAllowed();

        // Another client, and an old (permissive) version: never refused, told how long to wait.
        q.controllerMutations("ANONYMOUS", "other", true).checkAllowed();
        ControllerMutationQuota old = q.controllerMutations("ANONYMOUS", "creator", false);
        old.checkAllowed();
        old.record(26); // the bucket was back at 0: now 26 in debt, 13 s at 2 a second
        assertThat(old.throttleTimeMs()).isEqualTo(13_000);
    }
}
