package io.samsa.coordinator.group;

/**
 * Who sent a request and with which version of its API: responses are shaped for that version, and members record
 * the client id and host they joined from.
 *
 * @param apiVersion the request's API version
 * @param clientId   the client id of the request header
 * @param clientHost the client's address as Kafka prints it (e.g. {@code /127.0.0.1})
 */
public record RequestContext(short apiVersion, String clientId, String clientHost) {
}
