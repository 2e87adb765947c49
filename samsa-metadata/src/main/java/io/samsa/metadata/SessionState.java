package io.samsa.metadata;

/**
 * What a store's ZooKeeper session is doing, as a controller must react to it (Curator's connection states,
 * read as Curator's guidance says).
 */
public enum SessionState {
    /**
     * The connection is lost but the session may live (Curator {@code SUSPENDED}): ephemeral znodes may already
     * be gone. A controller stops acting until it knows more.
     */
    SUSPENDED,
    /**
     * Connected again (Curator {@code RECONNECTED}), possibly with a new session after a {@link #LOST}. A
     * suspended controller checks that {@code /controller} is still its own before acting again.
     */
    RECONNECTED,
    /**
     * The session is gone (Curator {@code LOST}, ZooKeeper session expiry): every ephemeral znode of this store,
     * {@code /controller} included, is deleted. A controller is no longer the controller.
     */
    LOST
}
