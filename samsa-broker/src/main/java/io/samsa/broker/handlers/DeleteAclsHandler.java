package io.samsa.broker.handlers;

import io.samsa.broker.BrokerContext;
import io.samsa.broker.auth.AclAuthorizer;
import io.samsa.broker.auth.AclChangeResult;
import io.samsa.network.Request;
import io.samsa.network.RequestHandler;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.message.DeleteAclsResponseData;
import org.apache.kafka.common.message.DeleteAclsResponseData.DeleteAclsFilterResult;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.requests.ApiError;
import org.apache.kafka.common.requests.DeleteAclsRequest;
import org.apache.kafka.common.requests.DeleteAclsResponse;

/**
 * DeleteAcls: needs ALTER on the cluster; removes what each filter matches (in ZooKeeper, on the blocking
 * executor) and answers, per filter, the bindings it removed.
 */
public final class DeleteAclsHandler implements RequestHandler {
    private final BrokerContext ctx;

    public DeleteAclsHandler(BrokerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public CompletableFuture<ApiMessage> handle(Request request) {
        AclAuthorizer authorizer = AclHandlers.authorizer(ctx, request, AclOperation.ALTER);
        List<AclBindingFilter> filters = request.body(DeleteAclsRequest.class).filters();
        return BlockingCall.run(ctx, () -> {
            DeleteAclsResponseData response = new DeleteAclsResponseData();
            for (List<AclChangeResult> matched : authorizer.deleteAcls(filters)) {
                DeleteAclsFilterResult result = new DeleteAclsFilterResult();
                for (AclChangeResult r : matched) {
                    result.matchingAcls().add(DeleteAclsResponse.matchingAcl(r.binding(),
                            r.exception().map(ApiError::fromThrowable).orElse(ApiError.NONE)));
                }
                response.filterResults().add(result);
            }
            return response;
        });
    }
}
