package io.samsa.metadata;

/**
 * A broker's request to stop cleanly, the ephemeral znode {@code /samsa/controlled_shutdown/<id>} (see
 * {@code ControlledShutdownZNode}). The stopping broker creates it; the controller moves leadership away and then
 * marks it {@link Status#DONE}, with the number of partitions the broker still leads (those with no other
 * eligible leader). It disappears with the broker's session.
 *
 * @param brokerId         the stopping broker
 * @param brokerEpoch      its broker epoch when it asked; a request from an older incarnation is ignored
 * @param status           whether the controller has acted on it
 * @param remainingLeaders after {@link Status#DONE}: how many partitions the broker still leads; 0 before
 */
public record ControlledShutdownRequest(int brokerId, long brokerEpoch, Status status, int remainingLeaders) {

    /** Where the request stands. */
    public enum Status {
        /** Written by the stopping broker; the controller has not acted on it yet. */
        REQUESTED,
        /** The controller moved what it could. */
        DONE
    }

    public static ControlledShutdownRequest requested(int brokerId, long brokerEpoch) {
        return new ControlledShutdownRequest(brokerId, brokerEpoch, Status.REQUESTED, 0);
    }

    public ControlledShutdownRequest done(int remaining) {
        return new ControlledShutdownRequest(brokerId, brokerEpoch, Status.DONE, remaining);
    }
}
