package io.samsa.it.fuzz;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.apache.kafka.common.message.ApiVersionsResponseData;
import org.apache.kafka.common.message.ApiVersionsResponseData.ApiVersion;
import org.apache.kafka.common.protocol.ApiKeys;

/**
 * The APIs and version ranges the broker advertised in ApiVersions: what the fuzzer covers, and what decides
 * whether a request of some version must be answered or the connection closed. Immutable.
 */
final class AdvertisedApis {
    /** One API at one version. */
    record Pair(ApiKeys api, short version) {
    }

    private final Map<ApiKeys, ApiVersion> ranges = new TreeMap<>();
    private final List<ApiKeys> keys;
    private final List<Pair> pairs = new ArrayList<>();

    AdvertisedApis(ApiVersionsResponseData response) {
        for (ApiVersion v : response.apiKeys()) {
            if (ApiKeys.hasId(v.apiKey())) {
                ranges.put(ApiKeys.forId(v.apiKey()), v);
            }
        }
        keys = List.copyOf(ranges.keySet());
        for (Map.Entry<ApiKeys, ApiVersion> e : ranges.entrySet()) {
            for (short v = e.getValue().minVersion(); v <= e.getValue().maxVersion(); v++) {
                pairs.add(new Pair(e.getKey(), v));
            }
        }
    }

    /** The advertised range of {@code api}, or null if it is not advertised. */
    ApiVersion range(ApiKeys api) {
        return ranges.get(api);
    }

    boolean supports(ApiKeys api, short version) {
        ApiVersion r = ranges.get(api);
        return r != null && version >= r.minVersion() && version <= r.maxVersion();
    }

    /** Every (API, version) the broker advertises, in API key then version order. */
    List<Pair> pairs() {
        return pairs;
    }

    int apiCount() {
        return keys.size();
    }

    ApiKeys randomApi(Random r) {
        return keys.get(r.nextInt(keys.size()));
    }
}
