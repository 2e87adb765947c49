package io.samsa.broker.handlers;

import io.samsa.broker.BrokerContext;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.apache.kafka.common.protocol.ApiMessage;

/** Moves a handler's blocking work (ZooKeeper writes) off the network thread. Stateless. */
final class BlockingCall {
    private BlockingCall() {
    }

    static CompletableFuture<ApiMessage> run(BrokerContext ctx, Supplier<ApiMessage> work) {
        return CompletableFuture.supplyAsync(work, ctx.blockingExecutor());
    }
}
