package io.samsa.broker.handlers;

import io.samsa.broker.BrokerContext;
import io.samsa.network.Request;
import io.samsa.network.RequestHandler;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.message.DeleteTopicsRequestData;
import org.apache.kafka.common.message.DeleteTopicsResponseData;
import org.apache.kafka.common.message.DeleteTopicsResponseData.DeletableTopicResult;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.DeleteTopicsRequest;

/** DeleteTopics (v1+): by name, or from v6 by name or id. Deletes from ZooKeeper, then the local logs. */
public final class DeleteTopicsHandler implements RequestHandler {
    private final BrokerContext ctx;

    public DeleteTopicsHandler(BrokerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public CompletableFuture<ApiMessage> handle(Request request) {
        DeleteTopicsRequestData data = request.body(DeleteTopicsRequest.class).data();
        short version = request.version();
        return BlockingCall.run(ctx, () -> {
            DeleteTopicsResponseData response = new DeleteTopicsResponseData();
            if (version < 6) {
                for (String name : data.topicNames()) {
                    response.responses().add(delete(name, null, version));
                }
            } else {
                for (DeleteTopicsRequestData.DeleteTopicState t : data.topics()) {
                    response.responses().add(delete(t.name(), t.topicId(), version));
                }
            }
            return response;
        });
    }

    private DeletableTopicResult delete(String name, Uuid id, short version) {
        DeletableTopicResult r = new DeletableTopicResult();
        if (version >= 6) {
            r.setTopicId(id == null ? Uuid.ZERO_UUID : id);
        }
        String topic = name;
        if (topic == null) {
            topic = Topics.nameOf(ctx, id).orElse(null);
            if (topic == null) {
                return r.setName(null).setErrorCode(Errors.UNKNOWN_TOPIC_ID.code())
                        .setErrorMessage("Topic id " + id + " does not exist.");
            }
        }
        r.setName(topic);
        if (version >= 6) {
            r.setTopicId(Topics.idOf(ctx, topic));
        }
        try {
            ctx.topics().deleteTopic(topic);
        } catch (ApiException e) {
            r.setErrorCode(Errors.forException(e).code());
            if (version >= 5) {
                r.setErrorMessage(e.getMessage());
            }
        }
        return r;
    }
}
