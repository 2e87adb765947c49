package io.samsa.testkit.process;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.message.ApiVersionsResponseData.ApiVersion;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.ApiVersionsRequest;
import org.apache.kafka.common.requests.ApiVersionsResponse;
import org.apache.kafka.common.requests.MetadataRequest;
import org.apache.kafka.common.requests.MetadataResponse;
import org.apache.kafka.common.requests.RequestHeader;

/**
 * Asks one broker, on its own port and past any proxy, what it knows: ApiVersions, then a Metadata request. A broker
 * that lists itself has registered in ZooKeeper and serves clients, which an open port alone does not show (a broker
 * listens before it registers). Asking one chosen broker, rather than whichever an admin client picks, is what a
 * test needs when brokers disagree (one of them cut off). Stateless; each call opens and
 * closes its own connection, bounded by {@link #TIMEOUT_MS}.
 */
public final class MetadataProbe {
    static final int TIMEOUT_MS = 5_000;
    /** Metadata v12 is what ServerProcess and kafka-clients 4 use; any broker of this repository answers it. */
    private static final short MAX_METADATA_VERSION = 12;

    private MetadataProbe() {
    }

    /** The ids of the brokers the broker at {@code port} knows, or empty when it does not answer. */
    public static Optional<Set<Integer>> brokers(int port) {
        return metadata(port, List.of()).map(metadata -> {
            Set<Integer> ids = new TreeSet<>();
            for (Node n : metadata.brokers()) {
                ids.add(n.id());
            }
            return ids;
        });
    }

    /**
     * Partition → what the broker at {@code port} believes about it, for every partition of {@code topic}; empty
     * when the broker does not answer or does not know the topic.
     */
    public static Optional<Map<Integer, PartitionView>> partitions(int port, String topic) {
        return metadata(port, List.of(topic)).flatMap(metadata -> {
            for (MetadataResponse.TopicMetadata t : metadata.topicMetadata()) {
                if (t.topic().equals(topic) && t.error() == Errors.NONE) {
                    Map<Integer, PartitionView> out = new TreeMap<>();
                    for (MetadataResponse.PartitionMetadata p : t.partitionMetadata()) {
                        out.put(p.partition(), new PartitionView(p.leaderId.orElse(-1), p.replicaIds,
                                p.inSyncReplicaIds));
                    }
                    return Optional.of(out);
                }
            }
            return Optional.empty();
        });
    }

    private static Optional<MetadataResponse> metadata(int port, List<String> topics) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), TIMEOUT_MS);
            socket.setSoTimeout(TIMEOUT_MS);
            DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            DataInputStream in = new DataInputStream(socket.getInputStream());
            ApiVersionsResponse versions = call(out, in, new ApiVersionsRequest.Builder().build((short) 3), 1);
            ApiVersion range = versions.apiVersion(ApiKeys.METADATA.id);
            if (range == null) {
                return Optional.empty();
            }
            short version = (short) Math.min(range.maxVersion(), MAX_METADATA_VERSION);
            return Optional.of(call(out, in, new MetadataRequest.Builder(topics, false).build(version), 2));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    @SuppressWarnings("unchecked")
    private static <R extends AbstractResponse> R call(DataOutputStream out, DataInputStream in,
                                                       AbstractRequest request, int correlationId)
            throws IOException {
        RequestHeader header = new RequestHeader(request.apiKey(), request.version(), "samsa-test-kit-probe",
                correlationId);
        ByteBuffer b = request.serializeWithHeader(header);
        byte[] frame = new byte[b.remaining()];
        b.get(frame);
        out.writeInt(frame.length);
        out.write(frame);
        out.flush();
        byte[] response = new byte[in.readInt()];
        in.readFully(response);
        return (R) AbstractResponse.parseResponse(ByteBuffer.wrap(response), header);
    }
}
