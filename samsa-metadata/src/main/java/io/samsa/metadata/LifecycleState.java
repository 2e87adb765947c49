package io.samsa.metadata;

import java.util.Set;

/**
 * Lifecycle of a ZooKeeper-backed component, as in Curator's own components:
 *
 * <pre>
 *   LATENT ──start()──▶ STARTED ──close()──▶ CLOSED
 *     └──────────────close()──────────────────▲
 * </pre>
 *
 * Transitions are made with compare-and-set on an {@code AtomicReference}, so start and close happen once.
 */
enum LifecycleState {
    LATENT(Set.of()),
    STARTED(Set.of("LATENT")),
    CLOSED(Set.of("LATENT", "STARTED"));

    private final Set<String> validPrevious;

    LifecycleState(Set<String> validPrevious) {
        this.validPrevious = validPrevious;
    }

    boolean canTransitionFrom(LifecycleState previous) {
        return validPrevious.contains(previous.name());
    }
}
