package io.samsa.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.kafka.common.errors.KafkaStorageException;

/**
 * The one place an {@link IOException} on a log becomes a client-visible error: {@link KafkaStorageException}
 * (error code KAFKA_STORAGE_ERROR), naming the partition and the operation. Stateless.
 */
final class StorageErrors {
    private StorageErrors() {
    }

    static KafkaStorageException storageError(String what, Object where, IOException e) {
        return new KafkaStorageException("I/O error while " + what + " for " + where + ": " + e.getMessage(), e);
    }

    static KafkaStorageException storageError(String what, Object where, UncheckedIOException e) {
        return storageError(what, where, e.getCause());
    }
}
