/**
 * A fault-injecting TCP proxy for multi-process tests, without root or network namespaces. Every broker's advertised
 * listener is a {@link io.samsa.testkit.proxy.TcpProxy} in front of its real port, and every broker reaches
 * ZooKeeper through a proxy of its own, so each connection belongs to one {@link io.samsa.testkit.proxy.Link}
 * between two {@link io.samsa.testkit.proxy.Node}s: broker to broker (told apart from clients by the client id of
 * the connection's first request, {@link io.samsa.testkit.proxy.ClientIdClassifier}), broker to ZooKeeper, clients
 * to broker. {@link io.samsa.testkit.proxy.FaultNetwork} is what a test drives: cut, heal, partition, isolate,
 * delay.
 */
package io.samsa.testkit.proxy;
