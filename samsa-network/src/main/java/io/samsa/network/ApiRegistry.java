package io.samsa.network;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import org.apache.kafka.common.protocol.ApiKeys;

/**
 * The table of implemented APIs: a handler and the version range it accepts, per API key. ApiVersions is
 * answered from this table, so what the broker advertises can never drift from what it implements.
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

    private final Map<ApiKeys, Entry> entries = new EnumMap<>(ApiKeys.class);

    public ApiRegistry() {
        register(ApiKeys.API_VERSIONS, new ApiVersionsHandler(this));
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

    /** The entry for {@code key}, or null when the API is not implemented. */
    public Entry entry(ApiKeys key) {
        return entries.get(key);
    }

    public Map<ApiKeys, Entry> entries() {
        return Collections.unmodifiableMap(entries);
    }
}
