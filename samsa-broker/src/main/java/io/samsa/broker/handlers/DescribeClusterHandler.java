package io.samsa.broker.handlers;

import io.samsa.broker.BrokerContext;
import io.samsa.metadata.BrokerRegistration;
import io.samsa.network.Request;
import io.samsa.network.RequestHandler;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.resource.Resource;
import org.apache.kafka.common.message.DescribeClusterRequestData;
import org.apache.kafka.common.message.DescribeClusterResponseData;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.DescribeClusterRequest;

/**
 * DescribeCluster (v0+): cluster id, controller and live brokers. Samsa's controller is a broker (ZooKeeper mode), so
 * asking for controller endpoints gets UNSUPPORTED_ENDPOINT_TYPE, as a ZooKeeper-mode Kafka broker answers.
 */
public final class DescribeClusterHandler implements RequestHandler {
    private static final byte ENDPOINT_TYPE_BROKERS = 1;
    private final BrokerContext ctx;

    public DescribeClusterHandler(BrokerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public CompletableFuture<ApiMessage> handle(Request request) {
        DescribeClusterRequestData data = request.body(DescribeClusterRequest.class).data();
        DescribeClusterResponseData response = new DescribeClusterResponseData()
                .setClusterId(ctx.clusterId()).setControllerId(ctx.metadata().controllerId().orElse(-1))
                .setEndpointType(data.endpointType());
        if (data.endpointType() != ENDPOINT_TYPE_BROKERS) {
            return CompletableFuture.completedFuture(response.setErrorCode(Errors.UNSUPPORTED_ENDPOINT_TYPE.code())
                    .setErrorMessage("Only broker endpoints are available"));
        }
        for (BrokerRegistration b : ctx.metadata().liveBrokers()) {
            b.endpoint(request.listenerName()).ifPresent(e -> response.brokers().add(
                    new DescribeClusterResponseData.DescribeClusterBroker().setBrokerId(b.brokerId())
                            .setHost(e.host()).setPort(e.port()).setRack(b.rack())));
        }
        if (data.includeClusterAuthorizedOperations()) {
            response.setClusterAuthorizedOperations(ctx.authorization().authorizedOperations(request,
                    ResourceType.CLUSTER, Resource.CLUSTER_NAME));
        }
        return CompletableFuture.completedFuture(response);
    }
}
