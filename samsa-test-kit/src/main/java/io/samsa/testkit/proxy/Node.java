package io.samsa.testkit.proxy;

/**
 * One end of a {@link Link}: a broker (by id), ZooKeeper, or "clients" (every connection to a broker that is not
 * another broker's: producers, consumers, admin clients, tools). A value; immutable.
 *
 * @param kind     what the node is
 * @param brokerId the broker's id for {@link Kind#BROKER}, -1 otherwise
 */
public record Node(Kind kind, int brokerId) {
    /** What a node is. */
    public enum Kind { BROKER, ZOOKEEPER, CLIENTS }

    /** ZooKeeper (the one server of the cluster). */
    public static final Node ZOOKEEPER = new Node(Kind.ZOOKEEPER, -1);
    /** Every client of the brokers, as one node: a test cuts clients off a broker, not one client. */
    public static final Node CLIENTS = new Node(Kind.CLIENTS, -1);

    public Node {
        if ((kind == Kind.BROKER) != (brokerId >= 0)) {
            throw new IllegalArgumentException("a broker node needs an id >= 0, and only a broker node has one: "
                    + kind + " " + brokerId);
        }
    }

    public static Node broker(int id) {
        return new Node(Kind.BROKER, id);
    }

    public boolean isBroker() {
        return kind == Kind.BROKER;
    }

    @Override
    public String toString() {
        return switch (kind) {
            case BROKER -> "broker-" + brokerId;
            case ZOOKEEPER -> "zookeeper";
            case CLIENTS -> "clients";
        };
    }
}
