package io.samsa.broker.quota;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.apache.kafka.common.utils.MockTime;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Kafka's client quota rules with a mock clock: which configured entity governs a connection, and how long a
 * client over its byte rate is throttled.
 */
class ClientQuotaManagerTest {
    private static final String PRODUCE = QuotaType.PRODUCE.configKey();
    private static final String D = QuotaEntity.DEFAULT;

    private final MockTime time = new MockTime(0, 1_700_000_000_000L, 0);
    private final ClientQuotaManager produce = new ClientQuotaManager(QuotaType.PRODUCE, 11, 1000, time);

    @AfterEach
    void close() {
        produce.close();
    }

    @Test
    void theMostSpecificEntityWinsInKafkasOrder() {
        QuotaConfigs configs = new QuotaConfigs(Map.of(
                QuotaEntity.client(D), Map.of(PRODUCE, 1.0),
                QuotaEntity.client("app"), Map.of(PRODUCE, 2.0),
                QuotaEntity.user(D), Map.of(PRODUCE, 3.0),
                QuotaEntity.user("alice"), Map.of(PRODUCE, 4.0),
                QuotaEntity.userAndClient("alice", "app"), Map.of(PRODUCE, 5.0)));

        assertThat(configs.resolve(QuotaType.PRODUCE, "alice", "app")).get()
                .isEqualTo(new QuotaConfigs.Resolved(5.0, "alice", "app"));
        assertThat(configs.resolve(QuotaType.PRODUCE, "alice", "other")).get()
                .isEqualTo(new QuotaConfigs.Resolved(4.0, "alice", ""));
        assertThat(configs.resolve(QuotaType.PRODUCE, "bob", "app")).get()
                .as("a default user quota comes before a client-id one")
                .isEqualTo(new QuotaConfigs.Resolved(3.0, "bob", ""));
        assertThat(configs.resolve(QuotaType.FETCH, "alice", "app")).isEmpty();

        QuotaConfigs clientsOnly = new QuotaConfigs(Map.of(
                QuotaEntity.client(D), Map.of(PRODUCE, 1.0), QuotaEntity.client("app"), Map.of(PRODUCE, 2.0)));
        assertThat(clientsOnly.resolve(QuotaType.PRODUCE, "ANONYMOUS", "app")).get()
                .isEqualTo(new QuotaConfigs.Resolved(2.0, "", "app"));
        assertThat(clientsOnly.resolve(QuotaType.PRODUCE, "ANONYMOUS", "x")).get()
                .as("each client id under the default has a sensor of its own")
                .isEqualTo(new QuotaConfigs.Resolved(1.0, "", "x"));
    }

    @Test
    void aClientOverItsByteRateIsThrottledUntilTheRateIsBackAtTheBound() {
        produce.update(new QuotaConfigs(Map.of(QuotaEntity.client("limited"), Map.of(PRODUCE, 1_000_000.0))));

        // 100 KB every 100 ms is exactly 1 MB/s: never throttled.
        for (int i = 0; i < 50; i++) {
            assertThat(produce.recordAndGetThrottleTimeMs("ANONYMOUS", "limited", 100_000, time.milliseconds()))
                    .as("step %d", i).isZero();
            time.sleep(100);
        }
        // 10 MB more at once, 5 s in: a rate not yet 10 full windows old is measured over 10 s, so 15 MB / 10 s
        // = 1.5 MB/s; back to 1 MB/s after (1.5 - 1) / 1 x 10 s = 5 s.
        long throttle = produce.recordAndGetThrottleTimeMs("ANONYMOUS", "limited", 10_000_000, time.milliseconds());
        assertThat(throttle).isBetween(4_500L, 5_500L);
        assertThat(produce.recordAndGetThrottleTimeMs("ANONYMOUS", "unlimited", 50_000_000, time.milliseconds()))
                .as("a client no quota governs").isZero();

        time.sleep(12_000); // every sample of the burst has left the 11 windows
        assertThat(produce.recordAndGetThrottleTimeMs("ANONYMOUS", "limited", 1, time.milliseconds())).isZero();
    }

    @Test
    void raisingTheBoundAppliesToTheExistingSensor() {
        produce.update(new QuotaConfigs(Map.of(QuotaEntity.client(D), Map.of(PRODUCE, 1_000.0))));
        assertThat(produce.recordAndGetThrottleTimeMs("ANONYMOUS", "c", 100_000, time.milliseconds())).isPositive();

        produce.update(new QuotaConfigs(Map.of(QuotaEntity.client(D), Map.of(PRODUCE, 1_000_000_000.0))));
        assertThat(produce.recordAndGetThrottleTimeMs("ANONYMOUS", "c", 1, time.milliseconds())).isZero();
        assertThat(produce.enabled()).isTrue();

        produce.update(QuotaConfigs.NONE);
        assertThat(produce.enabled()).isFalse();
        assertThat(produce.recordAndGetThrottleTimeMs("ANONYMOUS", "c", 1e12, time.milliseconds())).isZero();
    }
}
