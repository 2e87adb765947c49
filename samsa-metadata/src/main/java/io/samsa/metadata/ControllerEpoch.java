package io.samsa.metadata;

/**
 * What a controller won: its epoch (the value in {@code /controller_epoch}) and that znode's ZooKeeper version
 * after the increment. Every controller write checks the version in the same transaction, so a controller that
 * has been replaced, and does not know it yet, cannot write (Kafka's {@code epochZkVersion}).
 *
 * @param epoch     the controller epoch, written into every partition state this controller writes
 * @param zkVersion the data version of {@code /controller_epoch} as this controller left it
 */
public record ControllerEpoch(int epoch, int zkVersion) {
}
