package io.samsa.testkit.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

/**
 * Free TCP ports on 127.0.0.1, for processes that must be told their port before they bind it. A port is free when
 * returned; another process could take it before the child binds it, which the child's start-up then reports.
 * {@link #hold} keeps ports bound while this JVM binds others (the proxies, on port 0), so the OS cannot hand the
 * same port out twice. Stateless.
 */
public final class FreePorts {
    private FreePorts() {
    }

    public static int next() {
        try (Held held = hold(1)) {
            return held.ports().get(0);
        }
    }

    /** Binds {@code n} free ports until {@link Held#close()}. */
    public static Held hold(int n) {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                ServerSocket s = new ServerSocket();
                sockets.add(s);
                s.setReuseAddress(true);
                s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1);
            }
        } catch (IOException e) {
            new Held(sockets).close();
            throw new UncheckedIOException("no free port on 127.0.0.1", e);
        }
        return new Held(sockets);
    }

    /** Ports bound by this JVM until closed. Not thread-safe. */
    public static final class Held implements AutoCloseable {
        private final List<ServerSocket> sockets;

        private Held(List<ServerSocket> sockets) {
            this.sockets = sockets;
        }

        public List<Integer> ports() {
            return sockets.stream().map(ServerSocket::getLocalPort).toList();
        }

        /** Frees the ports for the processes that were told them. */
        @Override
        public void close() {
            for (ServerSocket s : sockets) {
                try {
                    s.close();
                } catch (IOException e) {
                    // the port is free either way
                }
            }
        }
    }
}
