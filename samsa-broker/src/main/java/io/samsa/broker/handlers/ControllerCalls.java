package io.samsa.broker.handlers;

import java.util.concurrent.CompletionException;
import org.apache.kafka.common.errors.NotControllerException;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.ApiError;

/**
 * Maps a failed controller call to the error a request answers with: NOT_CONTROLLER when this broker's controller is
 * not the active one (the AdminClient then refreshes Metadata and asks the real controller), Kafka's mapping for
 * anything else. Stateless.
 */
final class ControllerCalls {
    private ControllerCalls() {
    }

    static ApiError errorOf(Throwable failure) {
        Throwable t = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause()
                : failure;
        if (t instanceof NotControllerException) {
            return new ApiError(Errors.NOT_CONTROLLER, "Broker is not the active controller");
        }
        return ApiError.fromThrowable(t);
    }
}
