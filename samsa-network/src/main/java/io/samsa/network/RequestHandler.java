package io.samsa.network;

import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.protocol.ApiMessage;

/**
 * Answers one API. Called on the connection's event-loop thread, so an implementation must not block:
 * work that waits (ZooKeeper writes, long-poll fetches, acks=all) completes the future later from any thread.
 *
 * <p>The future completes with the response body, or with {@code null} when no response is sent
 * (acks=0 produce). Completing exceptionally sends the request's error response built by kafka-clients
 * ({@code AbstractRequest.getErrorResponse}), so handlers may simply throw {@code ApiException}s.
 *
 * <p>The request's body may point into the received frame, which is released as soon as this method returns
 * (see {@link Request}).
 */
@FunctionalInterface
public interface RequestHandler {
    CompletableFuture<ApiMessage> handle(Request request);
}
