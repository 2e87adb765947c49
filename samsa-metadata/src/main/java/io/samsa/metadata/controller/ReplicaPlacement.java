package io.samsa.metadata.controller;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.common.errors.InvalidPartitionsException;
import org.apache.kafka.common.errors.InvalidReplicationFactorException;

/**
 * Chooses the replicas of new partitions, as a pure function: Kafka's assignment ({@code AdminUtils
 * .assignReplicasToBrokers}), so that leaders (first replicas) and replicas spread evenly over the brokers and,
 * when brokers have a {@code broker.rack}, every partition's replicas span as many racks as they can.
 *
 * <p>How: brokers are put in one list, sorted by id, or, rack-aware, alternating between racks (racks sorted, one
 * broker of each in turn). Partition {@code p}'s first replica is broker {@code (p + startIndex) mod n} of that
 * list; its followers are found by a shift from the first replica that grows by one every {@code n} partitions, so
 * that successive rounds pair different brokers. Rack-aware, a follower is skipped while its rack, or itself,
 * already holds a replica and some rack (broker) holds none.
 *
 * <p>Worked example: brokers 1,2,3 without racks, 3 partitions, RF 2, start 0, shift 0: [1,2], [2,3], [3,1].
 * Brokers 1,2 in rack a and 3,4 in rack b give the list [1,3,2,4], so a partition starting at 1 gets its follower
 * from rack b.
 *
 * <p>Brokers without a rack, among brokers with one, are treated as one more rack (the empty one), as KRaft's
 * placer does; ZooKeeper-mode Kafka refused to create the topic instead.
 */
public final class ReplicaPlacement {
    private ReplicaPlacement() {
    }

    /**
     * What to place.
     *
     * @param brokers           candidate brokers, id to rack (null when none); typically the live ones
     * @param firstPartition    index of the first new partition (0 for a new topic)
     * @param partitions        how many partitions to place
     * @param replicationFactor replicas per partition
     * @param startIndex        where in the broker list partition 0's leader is; callers pick it at random so
     *                          that successive topics do not all start on the same broker
     * @param replicaShift      the initial follower shift, likewise random
     */
    public record Request(Map<Integer, String> brokers, int firstPartition, int partitions, int replicationFactor,
                          int startIndex, int replicaShift) {
        public Request {
            brokers = Collections.unmodifiableMap(new TreeMap<>(brokers));
        }
    }

    /**
     * @return partition index to replicas, first the preferred leader
     * @throws InvalidPartitionsException if {@code partitions} is not positive
     * @throws InvalidReplicationFactorException if the replication factor is not positive or exceeds the brokers
     */
    public static SortedMap<Integer, List<Integer>> place(Request request) {
        int n = request.brokers().size();
        if (request.partitions() <= 0) {
            throw new InvalidPartitionsException("Number of partitions must be larger than 0.");
        }
        if (request.replicationFactor() <= 0) {
            throw new InvalidReplicationFactorException("Replication factor must be larger than 0.");
        }
        if (request.replicationFactor() > n) {
            throw new InvalidReplicationFactorException("Replication factor: " + request.replicationFactor()
                + " larger than available brokers: " + n + ".");
        }
        boolean rackAware = request.brokers().values().stream().anyMatch(Objects::nonNull);
        List<Integer> arranged = rackAware ? rackAlternated(request.brokers())
            : new ArrayList<>(request.brokers().keySet());
        Map<Integer, String> racks = new TreeMap<>();
        request.brokers().forEach((id, rack) -> racks.put(id, rack == null ? "" : rack));
        int numRacks = rackAware ? new HashSet<>(racks.values()).size() : 1;

        SortedMap<Integer, List<Integer>> out = new TreeMap<>();
        int startIndex = Math.floorMod(request.startIndex(), n);
        int shift = Math.floorMod(request.replicaShift(), n);
        int partition = Math.max(0, request.firstPartition());
        for (int i = 0; i < request.partitions(); i++, partition++) {
            if (partition > 0 && partition % n == 0) {
                shift++;
            }
            int first = (partition + startIndex) % n;
            List<Integer> replicas = new ArrayList<>(request.replicationFactor());
            replicas.add(arranged.get(first));
            if (rackAware) {
                addRackAware(replicas, arranged, racks, numRacks, first, shift, request.replicationFactor());
            } else {
                for (int j = 0; j < request.replicationFactor() - 1; j++) {
                    replicas.add(arranged.get(replicaIndex(first, shift, j, n)));
                }
            }
            out.put(partition, List.copyOf(replicas));
        }
        return out;
    }

    private static void addRackAware(List<Integer> replicas, List<Integer> arranged, Map<Integer, String> racks,
                                     int numRacks, int first, int shift, int replicationFactor) {
        int n = arranged.size();
        Set<String> racksUsed = new HashSet<>();
        racksUsed.add(racks.get(replicas.get(0)));
        Set<Integer> brokersUsed = new HashSet<>(replicas);
        int k = 0;
        while (replicas.size() < replicationFactor) {
            int broker = arranged.get(replicaIndex(first, shift * numRacks, k++, n));
            String rack = racks.get(broker);
            // Skip a rack (broker) that has a replica while another has none.
            if ((!racksUsed.contains(rack) || racksUsed.size() == numRacks)
                && (!brokersUsed.contains(broker) || brokersUsed.size() == n)) {
                replicas.add(broker);
                racksUsed.add(rack);
                brokersUsed.add(broker);
            }
        }
    }

    /** Brokers alternating between racks: racks sorted, brokers sorted by id within a rack. */
    static List<Integer> rackAlternated(Map<Integer, String> brokers) {
        TreeMap<String, List<Integer>> byRack = new TreeMap<>();
        new TreeMap<>(brokers).forEach((id, rack) ->
            byRack.computeIfAbsent(rack == null ? "" : rack, r -> new ArrayList<>()).add(id));
        List<Iterator<Integer>> iterators = new ArrayList<>();
        byRack.values().forEach(ids -> iterators.add(ids.iterator()));
        List<Integer> out = new ArrayList<>(brokers.size());
        for (int rack = 0; out.size() < brokers.size(); rack = (rack + 1) % iterators.size()) {
            if (iterators.get(rack).hasNext()) {
                out.add(iterators.get(rack).next());
            }
        }
        return out;
    }

    /**
     * The start index, and follower shift, for partitions added to an existing topic, as ZooKeeper-mode Kafka
     * chooses them ({@code AdminZkClient.createNewPartitionsAssignment}): the position, among {@code brokers}
     * sorted by id, of the first broker whose id is at least {@code partition0Leader} (0 when none). The new
     * partitions' leaders then continue the round partition 0 began, so old and new partitions together spread
     * evenly; a random start would pile them up on some brokers.
     */
    public static int startIndexForAddedPartitions(Collection<Integer> brokers, int partition0Leader) {
        List<Integer> sorted = new ArrayList<>(new TreeSet<>(brokers));
        for (int i = 0; i < sorted.size(); i++) {
            if (sorted.get(i) >= partition0Leader) {
                return i;
            }
        }
        return 0;
    }

    private static int replicaIndex(int first, int secondReplicaShift, int replica, int n) {
        // n == 1 only with replication factor 1, when no follower is placed.
        int shift = 1 + (secondReplicaShift + replica) % (n - 1);
        return (first + shift) % n;
    }
}
