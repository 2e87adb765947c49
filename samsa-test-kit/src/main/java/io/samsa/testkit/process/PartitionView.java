package io.samsa.testkit.process;

import java.util.List;

/**
 * One partition as one broker's Metadata describes it: what that broker believes, which may be stale on a broker
 * cut off from ZooKeeper. A value.
 *
 * @param leader   the leader's id, -1 when the broker knows none
 * @param replicas the assigned replicas, preferred leader first
 * @param isr      the in-sync replicas
 */
public record PartitionView(int leader, List<Integer> replicas, List<Integer> isr) {
    public PartitionView {
        replicas = List.copyOf(replicas);
        isr = List.copyOf(isr);
    }
}
