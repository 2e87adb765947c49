package io.samsa.coordinator.group;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletionException;
import org.apache.kafka.common.errors.KafkaStorageException;
import org.apache.kafka.common.errors.NotLeaderOrFollowerException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.Test;

class StorageErrorsTest {

    @Test
    void mapsAppendFailuresLikeKafka() {
        assertThat(StorageErrors.toResponseError(new NotLeaderOrFollowerException("x"))).isEqualTo(Errors.NOT_COORDINATOR);
        assertThat(StorageErrors.toResponseError(new KafkaStorageException("x"))).isEqualTo(Errors.NOT_COORDINATOR);
        assertThat(StorageErrors.toResponseError(new CompletionException(new TimeoutException("x"))))
            .isEqualTo(Errors.COORDINATOR_NOT_AVAILABLE);
        assertThat(StorageErrors.toResponseError(Errors.UNKNOWN_TOPIC_OR_PARTITION))
            .isEqualTo(Errors.COORDINATOR_NOT_AVAILABLE);
        assertThat(StorageErrors.toResponseError(Errors.NOT_ENOUGH_REPLICAS)).isEqualTo(Errors.COORDINATOR_NOT_AVAILABLE);
        assertThat(StorageErrors.toResponseError(new RecordTooLargeException("x"))).isEqualTo(Errors.UNKNOWN_SERVER_ERROR);
        assertThat(StorageErrors.toResponseError(new IllegalStateException("bug"))).isEqualTo(Errors.UNKNOWN_SERVER_ERROR);
    }
}
