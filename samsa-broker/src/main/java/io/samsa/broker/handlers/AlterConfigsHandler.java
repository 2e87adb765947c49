package io.samsa.broker.handlers;

import io.samsa.broker.BrokerContext;
import io.samsa.common.config.DynamicBrokerConfigs;
import io.samsa.network.Request;
import io.samsa.network.RequestHandler;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.message.AlterConfigsRequestData;
import org.apache.kafka.common.message.AlterConfigsResponseData;
import org.apache.kafka.common.message.AlterConfigsResponseData.AlterConfigsResourceResponse;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AlterConfigsRequest;

/**
 * AlterConfigs (v0+): replaces a topic's config overrides, or a broker's dynamic configs
 * ({@link DynamicBrokerConfigs}), validated, stored in ZooKeeper and applied live. A resource named twice is refused
 * ({@link DuplicateResources}).
 */
public final class AlterConfigsHandler implements RequestHandler {
    private final BrokerContext ctx;

    public AlterConfigsHandler(BrokerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public CompletableFuture<ApiMessage> handle(Request request) {
        AlterConfigsRequestData data = request.body(AlterConfigsRequest.class).data();
        Set<DuplicateResources.Key> duplicates = DuplicateResources.in(data.resources().stream()
                .map(r -> new DuplicateResources.Key(r.resourceType(), r.resourceName())).toList());
        return BlockingCall.run(ctx, () -> {
            AlterConfigsResponseData response = new AlterConfigsResponseData();
            for (DuplicateResources.Key d : duplicates) {
                response.responses().add(new AlterConfigsResourceResponse().setResourceType(d.type())
                        .setResourceName(d.name()).setErrorCode(Errors.INVALID_REQUEST.code())
                        .setErrorMessage(DuplicateResources.MESSAGE));
            }
            for (AlterConfigsRequestData.AlterConfigsResource r : data.resources()) {
                if (duplicates.contains(new DuplicateResources.Key(r.resourceType(), r.resourceName()))) {
                    continue;
                }
                AlterConfigsResourceResponse rr = new AlterConfigsResourceResponse().setResourceType(r.resourceType())
                        .setResourceName(r.resourceName());
                ConfigResource.Type type = ConfigResource.Type.forId(r.resourceType());
                Map<String, String> configs = new HashMap<>();
                r.configs().forEach(c -> configs.put(c.name(), c.value()));
                try {
                    ctx.authorization().requireConfigAccess(request, r.resourceType(), r.resourceName(),
                            AclOperation.ALTER_CONFIGS);
                    if (type == ConfigResource.Type.TOPIC) {
                        ctx.topics().setTopicConfig(r.resourceName(), configs, data.validateOnly());
                    } else if (type == ConfigResource.Type.BROKER) {
                        BrokerConfigUpdate.apply(ctx, r.resourceName(),
                                current -> DynamicBrokerConfigs.validate(configs), data.validateOnly());
                    } else {
                        rr.setErrorCode(Errors.INVALID_REQUEST.code())
                                .setErrorMessage("Only topic and broker configs can be altered, not " + type);
                    }
                } catch (ApiException e) {
                    rr.setErrorCode(Errors.forException(e).code()).setErrorMessage(e.getMessage());
                }
                response.responses().add(rr);
            }
            return response;
        });
    }
}
