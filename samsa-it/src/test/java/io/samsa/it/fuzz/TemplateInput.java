package io.samsa.it.fuzz;

import java.util.List;
import java.util.Random;

/**
 * What a request template draws on: the resources that exist, the case's random source, and the case number (for
 * names that must be fresh per case, such as a group only this case joins).
 */
record TemplateInput(FuzzTargets targets, Random random, long caseNo) {

    int partition() {
        return random.nextInt(targets.partitions());
    }

    boolean oneIn(int n) {
        return random.nextInt(n) == 0;
    }

    <T> T pick(List<T> values) {
        return values.get(random.nextInt(values.size()));
    }
}
