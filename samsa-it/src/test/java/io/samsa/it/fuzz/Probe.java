package io.samsa.it.fuzz;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.message.ApiVersionsRequestData;
import org.apache.kafka.common.message.MetadataRequestData;
import org.apache.kafka.common.protocol.ApiKeys;

/**
 * The requests a well-behaved client sends first (ApiVersions, then Metadata), as frames, and the check of their
 * answers on a connection. Used after each case on its own connection (is the connection still in step?) and by
 * {@link HealthCheck} on others (is the broker still serving?). Stateless.
 */
final class Probe {
    /** Far from the ids the cases use, so an answer meant for a case cannot pass for the probe's. */
    static final int CORRELATION_ID = 0x7EADBEEF;
    private static final short API_VERSIONS_VERSION = 3;
    private static final short METADATA_VERSION = 12;

    private Probe() {
    }

    static byte[] apiVersions(int correlationId) {
        return Frames.request(ApiKeys.API_VERSIONS, API_VERSIONS_VERSION, correlationId, new ApiVersionsRequestData()
                .setClientSoftwareName("samsa-fuzz-probe").setClientSoftwareVersion("0.1"));
    }

    static ExpectedReplies.Answer apiVersionsAnswer(int correlationId) {
        return new ExpectedReplies.Answer(ApiKeys.API_VERSIONS, API_VERSIONS_VERSION, API_VERSIONS_VERSION,
                correlationId);
    }

    static byte[] metadata(int correlationId, String topic) {
        MetadataRequestData data = new MetadataRequestData().setAllowAutoTopicCreation(false);
        data.topics().add(new MetadataRequestData.MetadataRequestTopic().setName(topic));
        return Frames.request(ApiKeys.METADATA, METADATA_VERSION, correlationId, data);
    }

    static ExpectedReplies.Answer metadataAnswer(int correlationId) {
        return new ExpectedReplies.Answer(ApiKeys.METADATA, METADATA_VERSION, METADATA_VERSION, correlationId);
    }

    /**
     * Sends ApiVersions and Metadata pipelined on {@code c} and reads both answers; what went wrong, or null.
     */
    static String roundTrip(WireConnection c, String topic, Duration bound) {
        byte[] first = apiVersions(CORRELATION_ID);
        byte[] second = metadata(CORRELATION_ID + 1, topic);
        byte[] both = ByteBuffer.allocate(first.length + second.length).put(first).put(second).array();
        if (c.write(both, bound) != WireConnection.Write.DONE) {
            return "could not send ApiVersions and Metadata";
        }
        List<ExpectedReplies.Answer> answers = new ArrayList<>(List.of(apiVersionsAnswer(CORRELATION_ID),
                metadataAnswer(CORRELATION_ID + 1)));
        for (ExpectedReplies.Answer a : answers) {
            WireConnection.Read read = c.read(bound);
            if (!(read instanceof WireConnection.Frame frame)) {
                return a.api() + " not answered within " + bound.toMillis() + " ms: " + read;
            }
            String problem = ResponseCheck.problem(frame.bytes(), a);
            if (problem != null) {
                return a.api() + ": " + problem;
            }
        }
        return null;
    }
}
