package io.samsa.testkit.proxy;

import java.io.DataInputStream;
import java.io.IOException;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;

/** A plain client socket to 127.0.0.1 with bounded reads, for the proxy's tests. Not thread-safe. */
final class TestSocket implements AutoCloseable {
    private final Socket socket;
    private final DataInputStream in;

    TestSocket(int port) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(10_000);
        in = new DataInputStream(socket.getInputStream());
    }

    void send(byte[] bytes) throws IOException {
        socket.getOutputStream().write(bytes);
        socket.getOutputStream().flush();
    }

    /** Reads exactly {@code n} bytes, waiting at most 10 s for each read. */
    byte[] read(int n) throws IOException {
        socket.setSoTimeout(10_000);
        byte[] out = new byte[n];
        in.readFully(out);
        return out;
    }

    /** True if nothing at all arrives within {@code millis} and the connection stays open. */
    boolean silentFor(int millis) throws IOException {
        socket.setSoTimeout(millis);
        try {
            in.read(); // a byte, or the end of the stream: either way not silent
            return false;
        } catch (SocketTimeoutException expected) {
            return true;
        }
    }

    /** True if the other side closes the connection within 10 s (end of stream or a reset). */
    boolean closedByPeer() throws IOException {
        socket.setSoTimeout(10_000);
        try {
            return in.read() == -1;
        } catch (SocketException reset) {
            return true;
        } catch (SocketTimeoutException stillOpen) {
            return false;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
