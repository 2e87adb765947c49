package io.samsa.testkit.proxy;

import java.util.EnumSet;
import java.util.Set;

/**
 * The life of one proxied connection, as an enum that names the states each may follow.
 *
 * <pre>
 *  CLASSIFYING ──▶ CONNECTING ──▶ OPEN
 *       │              ▲            │
 *       ▼              │            │
 *     HELD ────────────┘            │
 *  (any) ─────────────────────────▶ CLOSED
 * </pre>
 * HELD: classified while its link was cut; nothing is forwarded, the target is not even connected, until the link
 * heals. A blackholed OPEN connection stays OPEN (its pipes are silenced), so it needs no state of its own.
 */
enum ConnectionState {
    CLASSIFYING,
    HELD,
    CONNECTING,
    OPEN,
    CLOSED;

    /** The states this one may follow. */
    Set<ConnectionState> validPrevious() {
        return switch (this) {
            case CLASSIFYING -> EnumSet.noneOf(ConnectionState.class);
            case HELD -> EnumSet.of(CLASSIFYING);
            case CONNECTING -> EnumSet.of(CLASSIFYING, HELD);
            case OPEN -> EnumSet.of(CONNECTING);
            case CLOSED -> EnumSet.of(CLASSIFYING, HELD, CONNECTING, OPEN);
        };
    }
}
