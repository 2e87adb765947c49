package io.samsa.network;

import org.apache.kafka.common.security.auth.KafkaPrincipal;

/**
 * Netty user event fired by {@link SaslAuthenticator} down the pipeline when a client has authenticated; the
 * {@link RequestDispatcher} takes the principal for every request read after it. Travelling through the pipeline on
 * the event loop orders it with the frames: a request read after the successful SaslAuthenticate sees the principal.
 *
 * @param principal who the client proved to be ({@code User:<name>})
 */
record SaslAuthenticated(KafkaPrincipal principal) {
}
