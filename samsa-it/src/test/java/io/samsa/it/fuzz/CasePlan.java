package io.samsa.it.fuzz;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Which case has which number in a run: round after round, every advertised (API, version) pair gets one case of
 * each kind in {@link CaseKind#ROUND}; the pairs' order is shuffled per round. Case {@code n} of seed {@code s} is
 * therefore the same whenever the broker advertises the same APIs, which is what makes a case replayable on its
 * own. Immutable.
 */
final class CasePlan {
    /** One planned case, before its bytes are made. */
    record Planned(long number, long seed, CaseKind kind, AdvertisedApis.Pair pair) {
    }

    private final long seed;
    private final List<AdvertisedApis.Pair> pairs;

    CasePlan(long seed, AdvertisedApis apis) {
        this.seed = seed;
        this.pairs = apis.pairs();
    }

    long casesPerRound() {
        return (long) pairs.size() * CaseKind.ROUND.size();
    }

    Planned get(long number) {
        long round = number / casesPerRound();
        int i = (int) (number % casesPerRound());
        List<AdvertisedApis.Pair> order = new ArrayList<>(pairs);
        Collections.shuffle(order, new Random(mix(seed ^ (round * 0x9E3779B97F4A7C15L))));
        AdvertisedApis.Pair pair = order.get(i / CaseKind.ROUND.size());
        CaseKind kind = CaseKind.ROUND.get(i % CaseKind.ROUND.size());
        return new Planned(number, mix(seed + number * 0xBF58476D1CE4E5B9L), kind, pair);
    }

    /** SplitMix64's finalizer: neighbouring inputs give unrelated seeds. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
