package io.samsa.it.fuzz;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Is the broker still serving well-behaved clients? A round trip of ApiVersions and Metadata on a connection kept
 * open since the run began (a hung network thread would starve the connections it owns), and on fresh connections,
 * one per network thread, since the broker hands new connections to its threads in turn. Not thread-safe.
 */
final class HealthCheck implements AutoCloseable {
    /** Each fresh connection lands on the next network thread; num.network.threads is 3 by default. */
    private static final int FRESH_CONNECTIONS = 3;
    /** Frames one check writes, for the report. */
    static final int FRAMES_PER_CHECK = 2 * (FRESH_CONNECTIONS + 1);

    private final int port;
    private final String topic;
    private final ScheduledExecutorService watchdog;
    private final Duration bound;
    private WireConnection sentinel;

    HealthCheck(int port, String topic, ScheduledExecutorService watchdog, Duration bound) throws IOException {
        this.port = port;
        this.topic = topic;
        this.watchdog = watchdog;
        this.bound = bound;
        this.sentinel = new WireConnection(port, watchdog, bound);
    }

    /** What is wrong with the broker's service, or null if every connection was served within the bound. */
    String check() {
        String problem = Probe.roundTrip(sentinel, topic, bound);
        if (problem != null) {
            reopenSentinel();
            return "the connection open since the run began: " + problem;
        }
        for (int i = 0; i < FRESH_CONNECTIONS; i++) {
            try (WireConnection c = new WireConnection(port, watchdog, bound)) {
                problem = Probe.roundTrip(c, topic, bound);
                if (problem != null) {
                    return "fresh connection " + (i + 1) + " of " + FRESH_CONNECTIONS + ": " + problem;
                }
            } catch (IOException e) {
                return "fresh connection " + (i + 1) + " of " + FRESH_CONNECTIONS + " refused: " + e;
            }
        }
        return null;
    }

    /** After a failure the sentinel may be out of step; later checks start from a clean connection. */
    private void reopenSentinel() {
        sentinel.close();
        try {
            sentinel = new WireConnection(port, watchdog, bound);
        } catch (IOException e) {
            // The next check reports the refused connection through the dead sentinel.
        }
    }

    @Override
    public void close() {
        sentinel.close();
    }
}
