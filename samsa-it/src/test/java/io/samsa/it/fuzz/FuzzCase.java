package io.samsa.it.fuzz;

import org.apache.kafka.common.protocol.ApiKeys;

/**
 * One fuzz case: the bytes to write on a fresh connection and whether to read the answers. A pure function of the
 * run's seed and {@link #number}, except for record timestamps, so {@code -Dfuzz.seed=S -Dfuzz.replay=N} sends the
 * same bytes again.
 *
 * @param number   the case's number within its run
 * @param kind     what was done to the request
 * @param api      the API under test
 * @param version  its version (the one the body was written at)
 * @param mutation what was changed, for a report
 * @param stream   everything written, frames and size fields, honest or not
 * @param frames   how many frames {@code stream} was built from
 * @param readsAnswers false for a pipeline that is never read
 */
record FuzzCase(long number, CaseKind kind, ApiKeys api, short version, String mutation, byte[] stream, int frames,
                boolean readsAnswers) {

    String describe() {
        return "case " + number + " " + kind + " " + api + " v" + version + (mutation.isEmpty() ? "" : ": " + mutation);
    }
}
