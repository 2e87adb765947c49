package io.samsa.testkit.proxy;

import java.util.Objects;

/**
 * The connections that {@code from} opens to {@code to}. A TCP connection carries bytes both ways, so cutting a
 * link silences both directions of those connections, and leaves the connections {@code to} opens to {@code from}
 * alone: a full partition between two brokers cuts both links ({@link FaultNetwork#partition}). A value; immutable.
 *
 * @param from the node that opens the connections
 * @param to   the node that accepts them
 */
public record Link(Node from, Node to) {
    public Link {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
    }

    /** The link in the other direction. */
    public Link reversed() {
        return new Link(to, from);
    }

    @Override
    public String toString() {
        return from + "->" + to;
    }
}
