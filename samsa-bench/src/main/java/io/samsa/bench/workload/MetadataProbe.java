package io.samsa.bench.workload;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.List;
import org.apache.kafka.common.message.ApiVersionsResponseData.ApiVersion;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.ApiVersionsRequest;
import org.apache.kafka.common.requests.ApiVersionsResponse;
import org.apache.kafka.common.requests.MetadataRequest;
import org.apache.kafka.common.requests.MetadataResponse;
import org.apache.kafka.common.requests.RequestHeader;
import org.apache.kafka.common.requests.ResponseHeader;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.common.utils.Utils;

/**
 * A bare Kafka-protocol connection that times Metadata requests: from the first byte written to the last byte of
 * the response read, without any client-side parsing or caching in between, so the figure is the broker's
 * response time plus one loopback round trip. The Metadata version is the highest both kafka-clients and the
 * broker speak (from ApiVersions), so Kafka and Samsa answer the same API.
 *
 * <p>Not thread-safe.
 */
final class MetadataProbe implements AutoCloseable {
    private static final int SOCKET_TIMEOUT_MS = 60_000;
    private static final String CLIENT_ID = "samsa-bench-metadata-probe";

    /** One timed response. */
    record Timed(double millis, MetadataResponse response) {
    }

    private final Socket socket;
    private final DataInputStream in;
    private final DataOutputStream out;
    private final Time time;
    private final short metadataVersion;
    private int correlationId;

    MetadataProbe(String host, int port, Time time) throws IOException {
        this.time = time;
        this.socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.setSoTimeout(SOCKET_TIMEOUT_MS);
        socket.connect(new InetSocketAddress(host, port), SOCKET_TIMEOUT_MS);
        this.in = new DataInputStream(socket.getInputStream());
        this.out = new DataOutputStream(socket.getOutputStream());
        ApiVersionsResponse versions = (ApiVersionsResponse) send(ApiKeys.API_VERSIONS, (short) 0,
                new ApiVersionsRequest.Builder().build((short) 0)).response();
        ApiVersion metadata = versions.data().apiKeys().find(ApiKeys.METADATA.id);
        if (metadata == null) {
            throw new IOException("Broker at " + host + ":" + port + " does not advertise Metadata");
        }
        this.metadataVersion = (short) Math.min(metadata.maxVersion(), ApiKeys.METADATA.latestVersion());
    }

    short metadataVersion() {
        return metadataVersion;
    }

    /** A Metadata request for {@code topics} (without auto-creation), timed. */
    Timed metadata(List<String> topics) throws IOException {
        Sent sent = send(ApiKeys.METADATA, metadataVersion,
                new MetadataRequest.Builder(topics, false).build(metadataVersion));
        return new Timed(sent.nanos() / 1e6, (MetadataResponse) sent.response());
    }

    private record Sent(long nanos, AbstractResponse response) {
    }

    private Sent send(ApiKeys api, short version, AbstractRequest request) throws IOException {
        int correlation = ++correlationId;
        byte[] frame = Utils.toArray(request.serializeWithHeader(new RequestHeader(api, version, CLIENT_ID,
                correlation)));
        long start = time.nanoseconds();
        out.writeInt(frame.length);
        out.write(frame);
        out.flush();
        int size = in.readInt();
        byte[] body = new byte[size];
        in.readFully(body);
        long nanos = time.nanoseconds() - start;
        ByteBuffer buf = ByteBuffer.wrap(body);
        ResponseHeader header = ResponseHeader.parse(buf, api.responseHeaderVersion(version));
        if (header.correlationId() != correlation) {
            throw new IOException("Correlation id " + header.correlationId() + " does not match " + correlation);
        }
        return new Sent(nanos, AbstractResponse.parseResponse(api, new ByteBufferAccessor(buf), version));
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
