package io.samsa.network;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.RequestHeader;

/** A blocking localhost client speaking Kafka's framing with kafka-clients' request classes. Not thread-safe. */
final class TestClient implements AutoCloseable {
    private static final int READ_TIMEOUT_MS = 10_000;

    private final Socket socket;
    private final DataInputStream in;
    private final DataOutputStream out;
    private int correlationId;

    TestClient(int port) throws IOException {
        this(port, 0);
    }

    /** @param receiveBufferBytes the socket's receive buffer, set before connecting; 0 for the system's default */
    TestClient(int port, int receiveBufferBytes) throws IOException {
        socket = new Socket();
        if (receiveBufferBytes > 0) {
            socket.setReceiveBufferSize(receiveBufferBytes);
        }
        socket.connect(new InetSocketAddress("127.0.0.1", port));
        socket.setSoTimeout(READ_TIMEOUT_MS);
        in = new DataInputStream(socket.getInputStream());
        out = new DataOutputStream(socket.getOutputStream());
    }

    RequestHeader send(AbstractRequest request) throws IOException {
        RequestHeader header = new RequestHeader(request.apiKey(), request.version(), "test", ++correlationId);
        ByteBuffer b = request.serializeWithHeader(header);
        out.writeInt(b.remaining());
        out.write(b.array(), b.arrayOffset() + b.position(), b.remaining());
        out.flush();
        return header;
    }

    void writeRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    @SuppressWarnings("unchecked")
    <R extends AbstractResponse> R receive(RequestHeader header) throws IOException {
        byte[] bytes = new byte[in.readInt()];
        in.readFully(bytes);
        return (R) AbstractResponse.parseResponse(ByteBuffer.wrap(bytes), header);
    }

    <R extends AbstractResponse> R call(AbstractRequest request) throws IOException {
        return receive(send(request));
    }

    /** True once the server closed the connection; false if it is still open after {@code waitMs} of silence. */
    boolean closedByServer(int waitMs) throws IOException {
        socket.setSoTimeout(waitMs);
        try {
            return in.read() == -1;
        } catch (EOFException | SocketException e) {
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } finally {
            socket.setSoTimeout(READ_TIMEOUT_MS);
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
