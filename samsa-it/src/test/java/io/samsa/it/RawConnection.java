package io.samsa.it;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import org.apache.kafka.common.message.ApiVersionsResponseData.ApiVersion;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.ApiVersionsRequest;
import org.apache.kafka.common.requests.ApiVersionsResponse;
import org.apache.kafka.common.requests.RequestHeader;

/**
 * A bare TCP connection to a broker speaking Kafka's framing by hand: whatever bytes a test wants, or a request built
 * with kafka-clients' message classes. Every read waits at most {@link #READ_TIMEOUT_MS}. Not thread-safe.
 *
 * <pre>
 * frame: | size: int32 | request header | request body |   (size counts the bytes after itself)
 * </pre>
 */
final class RawConnection implements AutoCloseable {
    static final int READ_TIMEOUT_MS = 10_000;

    private final Socket socket;
    private final DataInputStream in;
    private final DataOutputStream out;
    private int correlationId;
    private ApiVersionsResponse versions;

    RawConnection(int port) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(READ_TIMEOUT_MS);
        in = new DataInputStream(socket.getInputStream());
        out = new DataOutputStream(socket.getOutputStream());
    }

    /** Writes {@code bytes} as they are: no size prefix. */
    void writeRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** Writes one frame: the size of {@code payload}, then {@code payload}. */
    void writeFrame(byte[] payload) throws IOException {
        out.writeInt(payload.length);
        writeRaw(payload);
    }

    /** Sends {@code request} at its version with the header that version needs, and returns its correlation id. */
    RequestHeader send(AbstractRequest request) throws IOException {
        RequestHeader header = new RequestHeader(request.apiKey(), request.version(), "samsa-raw-test",
                ++correlationId);
        ByteBuffer b = request.serializeWithHeader(header);
        byte[] bytes = new byte[b.remaining()];
        b.get(bytes);
        writeFrame(bytes);
        return header;
    }

    /** A request serialized with its header, as one whole frame (size included), not sent yet. */
    record Frame(RequestHeader header, byte[] bytes) {
    }

    /** Serializes {@code request} with the next correlation id, for a test to send in pieces with {@link #writeRaw}. */
    Frame frame(AbstractRequest request) {
        RequestHeader header = new RequestHeader(request.apiKey(), request.version(), "samsa-raw-test",
                ++correlationId);
        ByteBuffer b = request.serializeWithHeader(header);
        ByteBuffer framed = ByteBuffer.allocate(4 + b.remaining()).putInt(b.remaining()).put(b);
        return new Frame(header, framed.array());
    }

    /** Reads the response to a request sent earlier (responses come in request order) and parses it. */
    @SuppressWarnings("unchecked")
    <R extends AbstractResponse> R receive(RequestHeader header) throws IOException {
        return (R) AbstractResponse.parseResponse(readFrame(), header);
    }

    /** Reads one response frame, whole. */
    ByteBuffer readFrame() throws IOException {
        int size = in.readInt();
        byte[] bytes = new byte[size];
        in.readFully(bytes);
        return ByteBuffer.wrap(bytes);
    }

    /** Sends {@code request} and parses its response (checking the correlation id). */
    @SuppressWarnings("unchecked")
    <R extends AbstractResponse> R call(AbstractRequest request) throws IOException {
        RequestHeader header = send(request);
        return (R) AbstractResponse.parseResponse(readFrame(), header);
    }

    /** The broker's supported version range of {@code api}, from an ApiVersions v3 exchange made once. */
    ApiVersion versionRange(ApiKeys api) throws IOException {
        if (versions == null) {
            versions = call(new ApiVersionsRequest.Builder().build((short) 3));
        }
        ApiVersion v = versions.apiVersion(api.id);
        if (v == null) {
            throw new AssertionError("the broker does not advertise " + api);
        }
        return v;
    }

    /** The newest version of {@code api} both the broker and this test support, capped at {@code cap}. */
    short version(ApiKeys api, int cap) throws IOException {
        return (short) Math.min(versionRange(api).maxVersion(), cap);
    }

    /**
     * True if the broker closed the connection: a read sees end of stream or a reset. False if it is still open
     * after {@link #READ_TIMEOUT_MS} of silence, or if it sent bytes.
     */
    boolean closedByBroker() throws IOException {
        try {
            return in.read() == -1;
        } catch (EOFException | SocketException e) {
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
