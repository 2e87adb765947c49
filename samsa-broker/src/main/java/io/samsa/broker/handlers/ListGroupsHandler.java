package io.samsa.broker.handlers;

import io.samsa.broker.BrokerContext;
import io.samsa.network.Request;
import io.samsa.network.RequestHandler;
import java.util.concurrent.CompletableFuture;
import java.util.List;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.message.ListGroupsRequestData;
import org.apache.kafka.common.message.ListGroupsResponseData;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.ListGroupsRequest;

/** ListGroups (v0+): the groups this broker coordinates, filtered by state (v4+) and type (v5+). */
public final class ListGroupsHandler implements RequestHandler {
    private final BrokerContext ctx;

    public ListGroupsHandler(BrokerContext ctx) {
        this.ctx = ctx;
    }

    /** Kafka's rule: all groups with DESCRIBE on the cluster, else those the principal may describe. */
    private List<ListGroupsResponseData.ListedGroup> visible(Request request,
                                                             List<ListGroupsResponseData.ListedGroup> groups) {
        if (ctx.authorization().allowedOnCluster(request, AclOperation.DESCRIBE)) {
            return groups;
        }
        return ctx.authorization().filter(request, AclOperation.DESCRIBE, ResourceType.GROUP, groups,
                ListGroupsResponseData.ListedGroup::groupId);
    }

    @Override
    public CompletableFuture<ApiMessage> handle(Request request) {
        ListGroupsRequestData data = request.body(ListGroupsRequest.class).data();
        return ctx.groups().listGroups(GroupRequests.context(request), data.statesFilter(), data.typesFilter())
                .<ApiMessage>handle((groups, error) -> error == null
                        ? new ListGroupsResponseData().setGroups(visible(request, groups))
                        // A group list has nowhere to carry a per-partition load error; the whole answer carries it.
                        : new ListGroupsResponseData().setErrorCode(Errors.forException(
                                error instanceof java.util.concurrent.CompletionException && error.getCause() != null
                                        ? error.getCause() : error).code()));
    }
}
