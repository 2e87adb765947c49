package io.samsa.broker.handlers;

import io.samsa.coordinator.group.RequestContext;
import io.samsa.network.Request;
import java.net.InetSocketAddress;

/** Builds the coordinator's view of who sent a request. Stateless. */
final class GroupRequests {
    private GroupRequests() {
    }

    static RequestContext context(Request request) {
        String host = request.clientAddress() instanceof InetSocketAddress a && a.getAddress() != null
                ? "/" + a.getAddress().getHostAddress() : String.valueOf(request.clientAddress());
        return new RequestContext(request.version(), request.header().clientId(), host);
    }
}
