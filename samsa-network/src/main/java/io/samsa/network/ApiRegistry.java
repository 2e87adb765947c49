package io.samsa.network;

import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.errors.IllegalSaslStateException;
import org.apache.kafka.common.protocol.ApiKeys;

/**
 * The table of implemented APIs: a handler and the version range it accepts, per API key. ApiVersions is
 * answered from this table, so what the broker advertises can never drift from what it implements.
 *
 * <p>It also holds the broker's feature flags ({@link Feature}), which ApiVersions v3+ reports as supported and
 * finalized features; clients turn protocol behaviour on by them (e.g. {@code transaction.version}).
 *
 * <p>And the {@link RequestThrottle} applied to every answer (client quotas), {@link RequestThrottle#NONE} unless set.
 *
 * <p>Filled once at broker start-up, then read-only; safe to read from any thread after publication.
 */
public final class ApiRegistry {

    /** Accepted versions of one API. */
    public record Entry(ApiKeys key, short minVersion, short maxVersion, RequestHandler handler) {
        public boolean supports(short version) {
            return version >= minVersion && version <= maxVersion;
        }
    }

    /**
     * A feature flag: the levels this broker supports and the level in force. Kafka's finalized features are the
     * cluster's; here every broker of a cluster runs the same configuration, so its own level is the cluster's.
     */
    public record Feature(String name, short minSupported, short maxSupported, short finalizedLevel) {
        public Feature {
            if (minSupported > maxSupported || finalizedLevel < 0 || finalizedLevel > maxSupported) {
                throw new IllegalArgumentException("Bad levels for feature " + name + ": supported " + minSupported
                        + ".." + maxSupported + ", finalized " + finalizedLevel);
            }
        }
    }

    /**
     * The epoch clients compare finalized features by: they only take features from a response with a higher epoch
     * than they hold (initially -1), so it must be at least 0. Features are fixed for the life of a broker.
     */
    public static final long FINALIZED_FEATURES_EPOCH = 1L;

    private final Map<ApiKeys, Entry> entries = new EnumMap<>(ApiKeys.class);
    private final Map<String, Feature> features = new LinkedHashMap<>();
    private RequestThrottle throttle = RequestThrottle.NONE;

    public ApiRegistry() {
        register(ApiKeys.API_VERSIONS, new ApiVersionsHandler(this));
        // Answered by SaslAuthenticator on SASL listeners before authentication; reaching a handler means a SASL
        // request on a listener without SASL, or after authentication, which Kafka refuses the same way.
        RequestHandler illegalSaslState = request -> CompletableFuture.failedFuture(
                new IllegalSaslStateException("Unexpected " + request.apiKey() + " request: no SASL exchange here"));
        register(ApiKeys.SASL_HANDSHAKE, (short) 0, (short) 1, illegalSaslState);
        register(ApiKeys.SASL_AUTHENTICATE, (short) 0, (short) 2, illegalSaslState);
    }

    /** Registers {@code handler} for every version kafka-clients knows as stable for {@code key}. */
    public ApiRegistry register(ApiKeys key, RequestHandler handler) {
        return register(key, key.oldestVersion(), key.latestVersion(), handler);
    }

    public ApiRegistry register(ApiKeys key, short minVersion, short maxVersion, RequestHandler handler) {
        if (minVersion < key.oldestVersion() || maxVersion > key.latestVersion() || minVersion > maxVersion) {
            throw new IllegalArgumentException("Bad version range " + minVersion + ".." + maxVersion + " for " + key
                    + " (kafka-clients knows " + key.oldestVersion() + ".." + key.latestVersion() + ")");
        }
        entries.put(key, new Entry(key, minVersion, maxVersion, handler));
        return this;
    }

    /** Adds (or replaces) a feature flag reported by ApiVersions. */
    public ApiRegistry feature(Feature feature) {
        features.put(feature.name(), feature);
        return this;
    }

    /** Sets what decides how long clients pause after their requests. */
    public ApiRegistry throttle(RequestThrottle throttle) {
        this.throttle = throttle;
        return this;
    }

    public RequestThrottle throttle() {
        return throttle;
    }

    public Map<String, Feature> features() {
        return Collections.unmodifiableMap(features);
    }

    /** The entry for {@code key}, or null when the API is not implemented. */
    public Entry entry(ApiKeys key) {
        return entries.get(key);
    }

    public Map<ApiKeys, Entry> entries() {
        return Collections.unmodifiableMap(entries);
    }
}
