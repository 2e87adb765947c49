package io.samsa.broker.sim;

import java.util.Random;
import java.util.function.Consumer;

/**
 * What the parts of one run share: the event queue (and its clock), the network, ZooKeeper, the timing, the run's
 * one {@link Random}, and the replay log.
 *
 * @param events  the event queue
 * @param network the network
 * @param store   ZooKeeper
 * @param config  the timing
 * @param random  the only source of randomness
 * @param trace   a line for the replay log (or for the lines attached to a failure)
 */
public record SimContext(SimEventQueue events, SimNetwork network, SimMetadataStore store, SimConfig config,
                         Random random, Consumer<String> trace) {
}
