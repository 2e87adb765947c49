package io.samsa.testkit.proxy;

/**
 * What a cut does to the connections a link already has. Either way, a connection opened while the link is cut is
 * accepted and then held silent (a connect that never gets an answer, as across a real partition) until the link
 * heals, when it goes through.
 */
public enum CutMode {
    /**
     * Close every open connection of the link, both sides, as when a partition outlives TCP's patience. The
     * default: the two ends learn of the cut at once and must reconnect, which the cut then holds.
     */
    DROP,
    /**
     * Keep the connections open but carry nothing, either way, until the link heals; then deliver what was written
     * meanwhile, in order, as TCP does across a partition that heals before anyone times out.
     */
    BLACKHOLE
}
