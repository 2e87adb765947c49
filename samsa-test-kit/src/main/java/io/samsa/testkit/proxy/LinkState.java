package io.samsa.testkit.proxy;

import java.util.HashSet;
import java.util.Set;

/**
 * What a test has done to one {@link Link} (cut or not, how, and its delay), and the connections it carries now.
 * Created on first use and kept for the life of the {@link FaultNetwork}.
 *
 * <p>Threading: {@code cut} and {@code delayNanos} are volatile, read by connections on their event loops;
 * {@code connections} is guarded by the network's lock.
 */
final class LinkState {
    /** How the link is cut, or null while it carries traffic. */
    volatile CutMode cut;
    /** Added to every chunk of bytes, both ways, on the link's connections. */
    volatile long delayNanos;
    final Set<ProxiedConnection> connections = new HashSet<>();
}
