package io.samsa.broker.handlers;

import io.samsa.broker.BrokerContext;
import io.samsa.broker.auth.AclAuthorizer;
import io.samsa.network.Request;
import io.samsa.network.RequestHandler;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.message.DescribeAclsResponseData;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.requests.DescribeAclsRequest;
import org.apache.kafka.common.requests.DescribeAclsResponse;

/** DescribeAcls: needs DESCRIBE on the cluster; answers the bindings the filter matches from the in-memory copy. */
public final class DescribeAclsHandler implements RequestHandler {
    private final BrokerContext ctx;

    public DescribeAclsHandler(BrokerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public CompletableFuture<ApiMessage> handle(Request request) {
        AclAuthorizer authorizer = AclHandlers.authorizer(ctx, request, AclOperation.DESCRIBE);
        DescribeAclsRequest body = request.body(DescribeAclsRequest.class);
        return CompletableFuture.completedFuture(new DescribeAclsResponseData()
                .setResources(DescribeAclsResponse.aclsResources(authorizer.acls(body.filter()))));
    }
}
