package io.samsa.broker.handlers;

import io.samsa.broker.BrokerContext;
import io.samsa.broker.auth.AclAuthorizer;
import io.samsa.network.Request;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.errors.SecurityDisabledException;

/**
 * What CreateAcls, DescribeAcls and DeleteAcls share: Kafka's cluster check (ALTER to change ACLs, DESCRIBE to
 * list them), then the authorizer, or SECURITY_DISABLED when authorization is off.
 */
final class AclHandlers {
    private AclHandlers() {
    }

    static AclAuthorizer authorizer(BrokerContext ctx, Request request, AclOperation clusterOperation) {
        ctx.authorization().requireCluster(request, clusterOperation);
        return ctx.authorization().authorizer()
                .orElseThrow(() -> new SecurityDisabledException("No Authorizer is configured."));
    }
}
