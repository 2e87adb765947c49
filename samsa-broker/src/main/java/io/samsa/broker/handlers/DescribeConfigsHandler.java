package io.samsa.broker.handlers;

import io.samsa.broker.BrokerContext;
import io.samsa.common.config.ConfigEntryView;
import io.samsa.common.config.SynonymView;
import io.samsa.common.config.TopicConfigs;
import io.samsa.metadata.MetadataStore;
import io.samsa.network.Request;
import io.samsa.network.RequestHandler;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.message.DescribeConfigsRequestData;
import org.apache.kafka.common.message.DescribeConfigsResponseData;
import org.apache.kafka.common.message.DescribeConfigsResponseData.DescribeConfigsResult;
import org.apache.kafka.common.message.DescribeConfigsResponseData.DescribeConfigsResourceResult;
import org.apache.kafka.common.message.DescribeConfigsResponseData.DescribeConfigsSynonym;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.DescribeConfigsRequest;

/**
 * DescribeConfigs (v1+) for topics (every topic config with its effective value and source: topic override, broker
 * setting or default) and for this broker (its static config, and its dynamic configs stored in ZooKeeper, which
 * come first). Synonyms and documentation when asked.
 */
public final class DescribeConfigsHandler implements RequestHandler {
    private final BrokerContext ctx;

    public DescribeConfigsHandler(BrokerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public CompletableFuture<ApiMessage> handle(Request request) {
        DescribeConfigsRequestData data = request.body(DescribeConfigsRequest.class).data();
        DescribeConfigsResponseData response = new DescribeConfigsResponseData();
        for (DescribeConfigsRequestData.DescribeConfigsResource r : data.resources()) {
            try {
                ctx.authorization().requireConfigAccess(request, r.resourceType(), r.resourceName(),
                        AclOperation.DESCRIBE_CONFIGS);
            } catch (ApiException e) {
                response.results().add(new DescribeConfigsResult().setResourceType(r.resourceType())
                        .setResourceName(r.resourceName()).setErrorCode(Errors.forException(e).code())
                        .setErrorMessage(e.getMessage()));
                continue;
            }
            response.results().add(describe(r, data.includeSynonyms(), data.includeDocumentation()));
        }
        return CompletableFuture.completedFuture(response);
    }

    private DescribeConfigsResult describe(DescribeConfigsRequestData.DescribeConfigsResource r,
                                                   boolean synonyms, boolean docs) {
        DescribeConfigsResult result = new DescribeConfigsResult().setResourceType(r.resourceType())
                .setResourceName(r.resourceName()).setErrorCode(Errors.NONE.code());
        ConfigResource.Type type = ConfigResource.Type.forId(r.resourceType());
        List<ConfigEntryView> entries;
        switch (type) {
            case TOPIC -> {
                if (ctx.metadata().topic(r.resourceName()).isEmpty()) {
                    return result.setErrorCode(Errors.UNKNOWN_TOPIC_OR_PARTITION.code())
                            .setErrorMessage("Topic " + r.resourceName() + " does not exist.");
                }
                entries = TopicConfigs.describe(ctx.metadata().topicConfig(r.resourceName()), ctx.config(), synonyms);
            }
            case BROKER -> {
                if (!r.resourceName().isEmpty() && !r.resourceName().equals(Integer.toString(ctx.brokerId()))) {
                    return result.setErrorCode(Errors.INVALID_REQUEST.code())
                            .setErrorMessage("Unexpected broker id, expected " + ctx.brokerId() + " or empty string, "
                                    + "but received " + r.resourceName());
                }
                entries = ctx.config().describe(r.resourceName().isEmpty() ? Map.of()
                                : ctx.metadata().brokerConfig(r.resourceName()),
                        ctx.metadata().brokerConfig(MetadataStore.DEFAULT_BROKER_ENTITY));
            }
            case BROKER_LOGGER -> entries = List.of();
            default -> {
                return result.setErrorCode(Errors.INVALID_REQUEST.code())
                        .setErrorMessage("Unsupported resource type " + type);
            }
        }
        Set<String> keys = r.configurationKeys() == null ? null : new HashSet<>(r.configurationKeys());
        for (ConfigEntryView e : entries) {
            if (keys != null && !keys.contains(e.name())) {
                continue;
            }
            DescribeConfigsResourceResult c = new DescribeConfigsResourceResult().setName(e.name()).setValue(e.value())
                    .setReadOnly(e.readOnly()).setConfigSource(e.source().id()).setIsSensitive(e.sensitive())
                    .setConfigType(e.configType().id()).setDocumentation(docs ? e.documentation() : null);
            if (synonyms) {
                for (SynonymView s : e.synonyms()) {
                    c.synonyms().add(new DescribeConfigsSynonym().setName(s.name()).setValue(s.value())
                            .setSource(s.source().id()));
                }
            }
            result.configs().add(c);
        }
        return result;
    }
}
