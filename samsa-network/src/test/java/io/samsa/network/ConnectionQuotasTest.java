package io.samsa.network;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.Map;
import org.apache.kafka.common.utils.MockTime;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Kafka's connection limits, decided with a mock clock: counts per IP, per listener and per broker, and rates. */
class ConnectionQuotasTest {
    private static final int UNLIMITED = Integer.MAX_VALUE;
    private static final ConnectionLimits.Listener FREE = new ConnectionLimits.Listener(UNLIMITED, UNLIMITED);

    private final MockTime time = new MockTime(0, 1_000_000, 0);
    private ConnectionQuotas quotas;

    private ConnectionQuotas quotas(int maxConnections, int perIp, Map<InetAddress, Integer> overrides, int rate,
                                    Map<String, ConnectionLimits.Listener> listeners) {
        quotas = new ConnectionQuotas(new ConnectionLimits(maxConnections, perIp, overrides, rate, listeners,
                "INTERNAL", 11, 1000), time);
        return quotas;
    }

    @AfterEach
    void close() {
        if (quotas != null) {
            quotas.close();
        }
    }

    @Test
    void anAddressAtItsMaximumIsRefusedUntilOneOfItsConnectionsCloses() throws Exception {
        InetAddress a = InetAddress.getByName("10.0.0.1");
        InetAddress b = InetAddress.getByName("10.0.0.2");
        ConnectionQuotas q = quotas(UNLIMITED, 2, Map.of(b, 3), UNLIMITED, Map.of("EXTERNAL", FREE));

        assertThat(q.register("EXTERNAL", a)).isTrue();
        assertThat(q.register("EXTERNAL", a)).isTrue();
        assertThat(q.register("EXTERNAL", a)).as("third from a").isFalse();
        assertThat(q.register("EXTERNAL", b)).isTrue();
        assertThat(q.register("EXTERNAL", b)).isTrue();
        assertThat(q.register("EXTERNAL", b)).as("third from b, whose override is 3").isTrue();
        assertThat(q.register("EXTERNAL", b)).isFalse();
        assertThat(q.connections()).isEqualTo(5);

        q.unregister("EXTERNAL", a);
        assertThat(q.register("EXTERNAL", a)).isTrue();
    }

    @Test
    void slotsFollowTheListenerAndBrokerLimitsButTheInterBrokerListenerIsNotHeldBackByTheBrokers() throws Exception {
        InetAddress ip = InetAddress.getLoopbackAddress();
        ConnectionQuotas q = quotas(3, UNLIMITED, Map.of(), UNLIMITED, Map.of(
                "EXTERNAL", new ConnectionLimits.Listener(2, UNLIMITED), "INTERNAL", FREE));

        assertThat(q.slotAvailable("EXTERNAL")).isTrue();
        q.register("EXTERNAL", ip);
        q.register("EXTERNAL", ip);
        assertThat(q.slotAvailable("EXTERNAL")).as("EXTERNAL at its own 2").isFalse();
        q.register("INTERNAL", ip);
        assertThat(q.slotAvailable("INTERNAL")).as("broker at 3, but INTERNAL is protected").isTrue();
        q.register("INTERNAL", ip);
        q.unregister("EXTERNAL", ip);
        assertThat(q.slotAvailable("EXTERNAL")).as("broker still at its 3").isFalse();
        q.unregister("INTERNAL", ip);
        assertThat(q.slotAvailable("EXTERNAL")).isTrue();
    }

    @Test
    void creationsFasterThanTheRateAreDelayedByKafkasFormulaAtMostOneWindow() {
        ConnectionQuotas q = quotas(UNLIMITED, UNLIMITED, Map.of(), 10, Map.of("EXTERNAL", FREE, "INTERNAL", FREE));

        // A fresh rate is measured over at least (11 - 1) windows of 1 s: 100 connections at once are 10 a second.
        for (int i = 0; i < 100; i++) {
            assertThat(q.recordCreation("EXTERNAL")).as("connection %d", i).isZero();
        }
        // The 101st: 10.1 a second over 10 s, (10.1 - 10) / 10 x 10,000 ms = 100 ms.
        assertThat(q.recordCreation("EXTERNAL")).isEqualTo(100);
        for (int i = 0; i < 200; i++) {
            q.recordCreation("EXTERNAL");
        }
        assertThat(q.recordCreation("EXTERNAL")).as("bounded by the window").isEqualTo(1000);
        assertThat(q.recordCreation("INTERNAL")).as("the protected inter-broker listener").isZero();

        time.sleep(60_000);
        assertThat(q.recordCreation("EXTERNAL")).as("a minute later the samples are gone").isZero();
    }

    @Test
    void aListenersOwnRateDelaysOnlyItsConnections() {
        ConnectionQuotas q = quotas(UNLIMITED, UNLIMITED, Map.of(), UNLIMITED, Map.of(
                "EXTERNAL", new ConnectionLimits.Listener(UNLIMITED, 1), "INTERNAL", FREE));

        for (int i = 0; i < 10; i++) {
            assertThat(q.recordCreation("EXTERNAL")).isZero();
        }
        assertThat(q.recordCreation("EXTERNAL")).isPositive();
        assertThat(q.recordCreation("INTERNAL")).isZero();
    }
    @Test
    void anIpOverItsConnectionCreationRateIsHeldOffWhileOthersAreNotAndANewRateAppliesAtOnce() throws Exception {
        InetAddress noisy = InetAddress.getByName("10.0.0.7");
        InetAddress other = InetAddress.getByName("10.0.0.8");
        ConnectionQuotas q = quotas(UNLIMITED, UNLIMITED, Map.of(), UNLIMITED, Map.of("EXTERNAL", FREE));
        assertThat(q.recordIpCreation(noisy)).as("no IP rate set").isZero();

        q.ipConnectionRates(Map.of(noisy, 2), ConnectionQuotas.UNLIMITED);
        // 2 a second over at least 10 windows of 1 s: 20 connections at once, then a delay.
        for (int i = 0; i < 20; i++) {
            assertThat(q.recordIpCreation(noisy)).as("connection %d", i).isZero();
        }
        long delay = q.recordIpCreation(noisy);
        assertThat(delay).isPositive().isLessThanOrEqualTo(1000);
        assertThat(q.recordIpCreation(other)).as("another IP has no rate").isZero();

        // Refused connections are not counted: after the delay the next one is served.
        time.sleep(delay);
        assertThat(q.recordIpCreation(noisy)).isZero();

        // A <default> rate governs every IP without its own; lifting the override falls back to it.
        q.ipConnectionRates(Map.of(), 1);
        for (int i = 0; i < 10; i++) {
            assertThat(q.recordIpCreation(other)).isZero();
        }
        assertThat(q.recordIpCreation(other)).isPositive();
        assertThat(q.recordIpCreation(noisy)).as("noisy is now under the default of 1 a second").isPositive();
    }
}
