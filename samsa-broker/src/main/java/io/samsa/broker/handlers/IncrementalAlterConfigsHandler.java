package io.samsa.broker.handlers;

import io.samsa.broker.BrokerContext;
import io.samsa.common.config.DynamicBrokerConfigs;
import io.samsa.common.config.TopicConfigs;
import io.samsa.network.Request;
import io.samsa.network.RequestHandler;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.errors.InvalidRequestException;
import org.apache.kafka.common.message.IncrementalAlterConfigsRequestData;
import org.apache.kafka.common.message.IncrementalAlterConfigsResponseData;
import org.apache.kafka.common.message.IncrementalAlterConfigsResponseData.AlterConfigsResourceResponse;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.IncrementalAlterConfigsRequest;

/**
 * IncrementalAlterConfigs (v0+): SET, DELETE, APPEND and SUBTRACT on a topic's config overrides, validated as a whole,
 * stored in ZooKeeper and applied live. This is what {@code kafka-configs --alter} sends. For a BROKER resource, SET
 * and DELETE of the dynamic broker configs ({@link DynamicBrokerConfigs}: the replication throttle rates, as
 * {@code kafka-reassign-partitions --throttle} sets them, and the log cleaner's settings). A resource named twice
 * is refused ({@link DuplicateResources}).
 */
public final class IncrementalAlterConfigsHandler implements RequestHandler {
    private final BrokerContext ctx;

    public IncrementalAlterConfigsHandler(BrokerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public CompletableFuture<ApiMessage> handle(Request request) {
        IncrementalAlterConfigsRequestData data = request.body(IncrementalAlterConfigsRequest.class).data();
        Set<DuplicateResources.Key> duplicates = DuplicateResources.in(data.resources().stream()
                .map(r -> new DuplicateResources.Key(r.resourceType(), r.resourceName())).toList());
        return BlockingCall.run(ctx, () -> {
            IncrementalAlterConfigsResponseData response = new IncrementalAlterConfigsResponseData();
            for (DuplicateResources.Key d : duplicates) {
                response.responses().add(new AlterConfigsResourceResponse().setResourceType(d.type())
                        .setResourceName(d.name()).setErrorCode(Errors.INVALID_REQUEST.code())
                        .setErrorMessage(DuplicateResources.MESSAGE));
            }
            for (IncrementalAlterConfigsRequestData.AlterConfigsResource r : data.resources()) {
                if (duplicates.contains(new DuplicateResources.Key(r.resourceType(), r.resourceName()))) {
                    continue;
                }
                AlterConfigsResourceResponse rr = new AlterConfigsResourceResponse().setResourceType(r.resourceType())
                        .setResourceName(r.resourceName());
                try {
                    ctx.authorization().requireConfigAccess(request, r.resourceType(), r.resourceName(),
                            AclOperation.ALTER_CONFIGS);
                    alter(r, data.validateOnly());
                } catch (ApiException e) {
                    rr.setErrorCode(Errors.forException(e).code()).setErrorMessage(e.getMessage());
                }
                response.responses().add(rr);
            }
            return response;
        });
    }

    private void alter(IncrementalAlterConfigsRequestData.AlterConfigsResource r, boolean validateOnly) {
        ConfigResource.Type type = ConfigResource.Type.forId(r.resourceType());
        if (type != ConfigResource.Type.TOPIC && type != ConfigResource.Type.BROKER) {
            throw new InvalidRequestException("Only topic and broker configs can be altered, not " + type);
        }
        List<TopicConfigs.Op> ops = new ArrayList<>();
        for (IncrementalAlterConfigsRequestData.AlterableConfig c : r.configs()) {
            AlterConfigOp.OpType opType = switch (c.configOperation()) {
                case 0 -> AlterConfigOp.OpType.SET;
                case 1 -> AlterConfigOp.OpType.DELETE;
                case 2 -> AlterConfigOp.OpType.APPEND;
                case 3 -> AlterConfigOp.OpType.SUBTRACT;
                default -> throw new InvalidRequestException("Unknown config operation " + c.configOperation());
            };
            ops.add(new TopicConfigs.Op(c.name(), opType, c.value()));
        }
        if (type == ConfigResource.Type.BROKER) {
            BrokerConfigUpdate.apply(ctx, r.resourceName(),
                    current -> DynamicBrokerConfigs.applyIncremental(current, ops), validateOnly);
            return;
        }
        if (ctx.metadata().topic(r.resourceName()).isEmpty()) {
            throw new org.apache.kafka.common.errors.UnknownTopicOrPartitionException(
                    "The topic '" + r.resourceName() + "' does not exist.");
        }
        Map<String, String> current = ctx.metadata().topicConfig(r.resourceName());
        ctx.topics().setTopicConfig(r.resourceName(), TopicConfigs.applyIncremental(current, ops), validateOnly);
    }
}
