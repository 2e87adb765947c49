package io.samsa.metadata;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.apache.kafka.common.Endpoint;
import org.apache.kafka.common.security.auth.SecurityProtocol;

/**
 * A live broker as registered in its ephemeral znode {@code /brokers/ids/<id>} (Kafka's JSON v5, see
 * {@code BrokerIdZNode}).
 *
 * <p>The broker epoch is the czxid of the registration znode, as in ZooKeeper-mode Kafka (KIP-380): a broker that
 * restarts, or re-registers after its session expired, gets a larger one. The broker does not choose it: a
 * registration it builds carries {@link #UNKNOWN_EPOCH}, and every registration read from the store carries the
 * epoch ZooKeeper gave it.
 *
 * @param brokerId   {@code broker.id}
 * @param endpoints  advertised listeners, in order ({@code listener name}, security protocol, host, port)
 * @param rack       {@code broker.rack}, or null
 * @param cleanStart whether this broker process started after a clean shutdown of the previous one
 *                   ({@code samsa_clean_start}); a broker that did not must not be elected from the ELR, since it
 *                   may have lost unflushed records (KIP-966)
 * @param epoch      the broker epoch, or {@link #UNKNOWN_EPOCH} before registration
 */
public record BrokerRegistration(int brokerId, List<Endpoint> endpoints, String rack, boolean cleanStart,
                                 long epoch) {
    /** The epoch of a registration not yet written (Kafka's {@code UNKNOWN_BROKER_EPOCH}). */
    public static final long UNKNOWN_EPOCH = -1L;
    /** The listener name of the single-listener convenience constructor. */
    public static final String PLAINTEXT = "PLAINTEXT";

    public BrokerRegistration {
        endpoints = List.copyOf(endpoints);
        if (endpoints.isEmpty()) {
            throw new IllegalArgumentException("Broker " + brokerId + " needs at least one endpoint");
        }
    }

    /**
     * One PLAINTEXT listener, epoch unknown, and {@code cleanStart} false: a caller that does not say whether the
     * previous shutdown was clean is treated as if it was not, which only ever costs availability.
     */
    public BrokerRegistration(int brokerId, String host, int port, String rack) {
        this(brokerId, List.of(new Endpoint(PLAINTEXT, SecurityProtocol.PLAINTEXT, host, port)), rack, false,
            UNKNOWN_EPOCH);
    }

    /**
     * The host old clients use: the first PLAINTEXT endpoint's, or the first endpoint's when there is no PLAINTEXT
     * one (Metadata v0 has a single host and port per broker).
     */
    public String host() {
        return defaultEndpoint().host();
    }

    /** The port matching {@link #host()}. */
    public int port() {
        return defaultEndpoint().port();
    }

    /** The endpoint of the listener named {@code listenerName}, if this broker advertises one. */
    public Optional<Endpoint> endpoint(String listenerName) {
        for (Endpoint e : endpoints) {
            if (e.listenerName().isPresent() && e.listenerName().get().equals(listenerName)) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }

    private Endpoint defaultEndpoint() {
        for (Endpoint e : endpoints) {
            if (e.securityProtocol() == SecurityProtocol.PLAINTEXT) {
                return e;
            }
        }
        return endpoints.get(0);
    }

    public BrokerRegistration withEpoch(long newEpoch) {
        return new BrokerRegistration(brokerId, endpoints, rack, cleanStart, newEpoch);
    }

    public BrokerRegistration withCleanStart(boolean clean) {
        return new BrokerRegistration(brokerId, endpoints, rack, clean, epoch);
    }

    /** Whether {@code other} registers the same broker the same way, whatever their epochs. */
    public boolean sameRegistrationAs(BrokerRegistration other) {
        return brokerId == other.brokerId && endpoints.equals(other.endpoints) && Objects.equals(rack, other.rack)
            && cleanStart == other.cleanStart;
    }
}
