package io.samsa.network;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.types.Schema;
import org.apache.kafka.common.protocol.types.Type;
import org.junit.jupiter.api.Test;

class RequestDecoderTest {

    /**
     * A request with a records field parses into slices of its frame, so the dispatcher must keep that frame until the
     * request is answered. This fails when a kafka-clients upgrade brings such a request that the decoder does not
     * know of. (Zero-copy bytes fields do not show in the schemas; Envelope is the only one in Kafka 4.1.)
     */
    @Test
    void everyRequestWithRecordsIsKnownToPointIntoItsFrame() {
        List<String> missing = new ArrayList<>();
        for (ApiKeys key : ApiKeys.values()) {
            Schema[] schemas = key.messageType.requestSchemas();
            for (short v = key.oldestVersion(); v <= key.latestVersion(); v++) {
                if (v < schemas.length && schemas[v] != null && hasRecords(schemas[v])
                        && !RequestDecoder.bodyReferencesFrame(key)) {
                    missing.add(key + " v" + v);
                }
            }
        }
        assertThat(missing).isEmpty();
        assertThat(hasRecords(ApiKeys.PRODUCE.messageType.requestSchemas()[ApiKeys.PRODUCE.latestVersion()]))
                .as("the check sees Produce's records").isTrue();
        assertThat(RequestDecoder.bodyReferencesFrame(ApiKeys.METADATA)).isFalse();
    }

    private static boolean hasRecords(Schema schema) {
        boolean[] found = {false};
        schema.walk(new Schema.Visitor() {
            @Override
            public void visit(Type type) {
                if (type == Type.RECORDS || type == Type.COMPACT_RECORDS) {
                    found[0] = true;
                }
            }
        });
        return found[0];
    }
}
