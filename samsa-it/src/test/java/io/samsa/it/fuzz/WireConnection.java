package io.samsa.it.fuzz;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A client socket to the broker on 127.0.0.1 where no operation can block for longer than its bound: reads use the
 * socket timeout, and a write that the broker does not drain in time is ended by closing the socket from a
 * watchdog thread. Not thread-safe.
 */
final class WireConnection implements AutoCloseable {
    /** A response frame larger than this is taken as garbage rather than read. */
    private static final int MAX_RESPONSE_BYTES = 256 << 20;

    /** The outcome of one read. */
    sealed interface Read permits Frame, Closed, TimedOut, Garbage {
    }

    /** A whole frame, without its size. */
    record Frame(ByteBuffer bytes) implements Read {
    }

    /** End of stream or a reset: the broker closed the connection. */
    record Closed(String how) implements Read {
    }

    /** Nothing, or not all of a frame, within the bound. */
    record TimedOut() implements Read {
    }

    /** A size field no response can have. */
    record Garbage(int size) implements Read {
    }

    /** The outcome of a write. */
    enum Write { DONE, CLOSED_BY_BROKER, STALLED }

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;
    private final ScheduledExecutorService watchdog;

    WireConnection(int port, ScheduledExecutorService watchdog, Duration connectBound) throws IOException {
        this.watchdog = watchdog;
        socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), (int) connectBound.toMillis());
        socket.setTcpNoDelay(true);
        in = new DataInputStream(socket.getInputStream());
        out = socket.getOutputStream();
    }

    /** Writes {@code bytes}; if the broker stops reading for longer than {@code bound}, gives up and closes. */
    Write write(byte[] bytes, Duration bound) {
        ScheduledFuture<?> alarm = watchdog.schedule(this::closeQuietly, bound.toMillis(), TimeUnit.MILLISECONDS);
        try {
            out.write(bytes);
            out.flush();
            return Write.DONE;
        } catch (IOException e) {
            return socket.isClosed() ? Write.STALLED : Write.CLOSED_BY_BROKER;
        } finally {
            alarm.cancel(false);
        }
    }

    /** Reads one response frame, waiting at most {@code bound} for each part of it. */
    Read read(Duration bound) {
        try {
            socket.setSoTimeout((int) Math.max(1, bound.toMillis()));
            int size = in.readInt();
            if (size < 0 || size > MAX_RESPONSE_BYTES) {
                return new Garbage(size);
            }
            byte[] frame = new byte[size];
            in.readFully(frame);
            return new Frame(ByteBuffer.wrap(frame));
        } catch (SocketTimeoutException e) {
            return new TimedOut();
        } catch (EOFException e) {
            return new Closed("end of stream");
        } catch (SocketException e) {
            return new Closed(e.getMessage());
        } catch (IOException e) {
            return new Closed(e.toString());
        }
    }

    /** Tells the broker no more bytes will come; a broker waiting for the rest of a frame must then close. */
    void shutdownOutput() {
        try {
            socket.shutdownOutput();
        } catch (IOException e) {
            // Already closed by the broker: what shutting down was for.
        }
    }

    /** Closes with a reset (SO_LINGER 0) rather than a FIN, as a crashed client's kernel would. */
    void reset() {
        try {
            socket.setSoLinger(true, 0);
        } catch (IOException e) {
            // Closed already.
        }
        closeQuietly();
    }

    private void closeQuietly() {
        try {
            socket.close();
        } catch (IOException e) {
            // Nothing left to release.
        }
    }

    @Override
    public void close() {
        closeQuietly();
    }
}
