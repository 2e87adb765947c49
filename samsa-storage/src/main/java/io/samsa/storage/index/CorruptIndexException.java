package io.samsa.storage.index;

import org.apache.kafka.common.KafkaException;

/** An index file failed its sanity check; the owner rebuilds the index from the segment's log file. */
public final class CorruptIndexException extends KafkaException {
    private static final long serialVersionUID = 1L;

    public CorruptIndexException(String message) {
        super(message);
    }
}
