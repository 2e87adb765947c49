package io.samsa.broker.handlers;

import io.samsa.broker.BrokerContext;
import io.samsa.broker.auth.AclAuthorizer;
import io.samsa.broker.auth.AclChangeResult;
import io.samsa.network.Request;
import io.samsa.network.RequestHandler;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.errors.InvalidRequestException;
import org.apache.kafka.common.message.CreateAclsResponseData;
import org.apache.kafka.common.message.CreateAclsResponseData.AclCreationResult;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.requests.ApiError;
import org.apache.kafka.common.requests.CreateAclsRequest;
import org.apache.kafka.common.resource.Resource;
import org.apache.kafka.common.resource.ResourceType;

/**
 * CreateAcls: needs ALTER on the cluster; each binding gets its own result. As Kafka, a CLUSTER binding must name
 * {@code kafka-cluster} and no resource name may be empty; the authorizer checks the rest and stores the valid ones
 * in ZooKeeper (on the blocking executor).
 */
public final class CreateAclsHandler implements RequestHandler {
    private final BrokerContext ctx;

    public CreateAclsHandler(BrokerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public CompletableFuture<ApiMessage> handle(Request request) {
        AclAuthorizer authorizer = AclHandlers.authorizer(ctx, request, AclOperation.ALTER);
        List<AclBinding> bindings = request.body(CreateAclsRequest.class).aclCreations().stream()
                .map(CreateAclsRequest::aclBinding).toList();
        return BlockingCall.run(ctx, () -> create(authorizer, bindings));
    }

    private static CreateAclsResponseData create(AclAuthorizer authorizer, List<AclBinding> bindings) {
        List<ApiException> errors = new ArrayList<>();
        List<AclBinding> valid = new ArrayList<>();
        for (AclBinding b : bindings) {
            ApiException e = invalid(b);
            errors.add(e);
            if (e == null) {
                valid.add(b);
            }
        }
        List<AclChangeResult> created = authorizer.createAcls(valid);
        CreateAclsResponseData response = new CreateAclsResponseData();
        int next = 0;
        for (ApiException e : errors) {
            ApiException failure = e != null ? e : created.get(next++).exception().orElse(null);
            AclCreationResult r = new AclCreationResult();
            if (failure != null) {
                ApiError error = ApiError.fromThrowable(failure);
                r.setErrorCode(error.error().code()).setErrorMessage(error.message());
            }
            response.results().add(r);
        }
        return response;
    }

    private static ApiException invalid(AclBinding b) {
        if (b.pattern().resourceType() == ResourceType.CLUSTER && !Resource.CLUSTER_NAME.equals(b.pattern().name())) {
            return new InvalidRequestException("The only valid name for the CLUSTER resource is "
                    + Resource.CLUSTER_NAME);
        }
        if (b.pattern().name().isEmpty()) {
            return new InvalidRequestException("Invalid empty resource name");
        }
        return null;
    }
}
