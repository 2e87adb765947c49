package io.samsa.network;

import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.message.ApiVersionsResponseData;
import org.apache.kafka.common.message.ApiVersionsResponseData.ApiVersion;
import org.apache.kafka.common.message.ApiVersionsResponseData.ApiVersionCollection;
import org.apache.kafka.common.message.ApiVersionsResponseData.FinalizedFeatureKey;
import org.apache.kafka.common.message.ApiVersionsResponseData.SupportedFeatureKey;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;

/**
 * Answers ApiVersions from the {@link ApiRegistry}: its APIs, and from v3 its features (supported and finalized). An unsupported ApiVersions version never reaches this class:
 * the {@link RequestDispatcher} answers it with a v0 response carrying UNSUPPORTED_VERSION (see
 * {@link #unsupportedVersionResponse}), which is how clients newer than the broker find a version to retry with.
 */
final class ApiVersionsHandler implements RequestHandler {
    private final ApiRegistry registry;

    ApiVersionsHandler(ApiRegistry registry) {
        this.registry = registry;
    }

    @Override
    public CompletableFuture<ApiMessage> handle(Request request) {
        ApiVersionsResponseData response = response(Errors.NONE);
        if (request.version() >= 3 && !registry.features().isEmpty()) {
            for (ApiRegistry.Feature f : registry.features().values()) {
                response.supportedFeatures().add(new SupportedFeatureKey().setName(f.name())
                        .setMinVersion(f.minSupported()).setMaxVersion(f.maxSupported()));
                if (f.finalizedLevel() > 0) {
                    // Level 0 means off: Kafka leaves such a feature out of the finalized ones.
                    response.finalizedFeatures().add(new FinalizedFeatureKey().setName(f.name())
                            .setMinVersionLevel(f.finalizedLevel()).setMaxVersionLevel(f.finalizedLevel()));
                }
            }
            response.setFinalizedFeaturesEpoch(ApiRegistry.FINALIZED_FEATURES_EPOCH);
        }
        return CompletableFuture.completedFuture(response);
    }

    ApiVersionsResponseData response(Errors error) {
        ApiVersionCollection keys = new ApiVersionCollection();
        for (ApiRegistry.Entry e : registry.entries().values()) {
            keys.add(new ApiVersion().setApiKey(e.key().id).setMinVersion(e.minVersion()).setMaxVersion(e.maxVersion()));
        }
        return new ApiVersionsResponseData().setErrorCode(error.code()).setApiKeys(keys).setThrottleTimeMs(0);
    }

    ApiVersionsResponseData unsupportedVersionResponse() {
        return response(Errors.UNSUPPORTED_VERSION);
    }
}
