package io.samsa.coordinator.group;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.common.protocol.Errors;

/**
 * The one place where a failed append to {@code __consumer_offsets} becomes the error a client is told, as Kafka
 * maps it: the partition moving away means "find the coordinator again", transient replication trouble means
 * "retry", a batch too large is a bug on our side.
 */
final class StorageErrors {
    private StorageErrors() {
    }

    static Errors toResponseError(Throwable appendFailure) {
        Throwable t = appendFailure;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return toResponseError(Errors.forException(t));
    }

    static Errors toResponseError(Errors appendError) {
        return switch (appendError) {
            case UNKNOWN_TOPIC_OR_PARTITION, NOT_ENOUGH_REPLICAS, NOT_ENOUGH_REPLICAS_AFTER_APPEND,
                 REQUEST_TIMED_OUT -> Errors.COORDINATOR_NOT_AVAILABLE;
            case NOT_LEADER_OR_FOLLOWER, KAFKA_STORAGE_ERROR -> Errors.NOT_COORDINATOR;
            case MESSAGE_TOO_LARGE, RECORD_LIST_TOO_LARGE, INVALID_FETCH_SIZE -> Errors.UNKNOWN_SERVER_ERROR;
            default -> appendError;
        };
    }
}
