package io.samsa.it.fuzz;

import java.nio.ByteBuffer;
import java.util.Map;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.ResponseHeader;

/**
 * Checks one response frame as a client would read it: the correlation id it waits for, a body that kafka-clients
 * parses at the request's version with no bytes left over, and no UNKNOWN_SERVER_ERROR (Kafka's code for "the
 * broker did not expect this": a client cannot act on it, and it means a handler threw). Stateless.
 */
final class ResponseCheck {
    private ResponseCheck() {
    }

    /** What is wrong with {@code frame} as the answer to {@code expected}; null if nothing is. */
    static String problem(ByteBuffer frame, ExpectedReplies.Answer expected) {
        AbstractResponse response;
        try {
            ResponseHeader header = ResponseHeader.parse(frame,
                    expected.api().responseHeaderVersion(expected.responseVersion()));
            if (header.correlationId() != expected.correlationId()) {
                return "correlation id " + header.correlationId() + " where " + expected.correlationId()
                        + " was expected (responses out of order, or one too many)";
            }
            response = AbstractResponse.parseResponse(expected.api(), new ByteBufferAccessor(frame),
                    expected.responseVersion());
        } catch (RuntimeException e) {
            return "response does not parse as " + expected.api() + " v" + expected.responseVersion() + ": " + e;
        }
        if (frame.hasRemaining()) {
            return frame.remaining() + " bytes after the " + expected.api() + " v" + expected.responseVersion()
                    + " response";
        }
        Map<Errors, Integer> errors;
        try {
            errors = response.errorCounts();
        } catch (RuntimeException e) {
            return "response error codes unreadable: " + e;
        }
        if (errors.containsKey(Errors.UNKNOWN_SERVER_ERROR)) {
            return "UNKNOWN_SERVER_ERROR in " + response.data();
        }
        return null;
    }
}
