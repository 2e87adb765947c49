package io.samsa.it.fuzz;

/**
 * Something the broker did wrong, with what it takes to replay it.
 *
 * @param problem what went wrong
 * @param scope   what it is about, for grouping: a case's kind and API, or the check's name
 * @param where   the case (or the check between cases) that saw it
 * @param seed    the run's seed
 * @param caseNo  the case's number in that run, or -1 for a check between cases
 * @param detail  what was seen
 * @param sent    the bytes the case wrote, in hex (shortened), or empty
 */
record Finding(Problem problem, String scope, String where, long seed, long caseNo, String detail, String sent) {
    private static final int MAX_DETAIL = 600;

    /** The kinds of wrong. */
    enum Problem {
        /** Neither an answer nor a close within the bound. */
        HANG,
        /** A request that parses was not answered: the broker closed the connection instead. */
        UNEXPECTED_CLOSE,
        /**
         * A request that parses was not answered because a later frame on the same connection closed it (a frame
         * that does not parse, or an acks=0 produce that failed); Kafka, which reads one request per connection at
         * a time, answers it before it reads the later frame.
         */
        DROPPED_BEFORE_CLOSE,
        /** A request that must close the connection (it does not parse, or is not advertised) was answered. */
        ANSWERED_INSTEAD_OF_CLOSE,
        /** An answer that is out of order, does not parse at its version, or has bytes left over. */
        BAD_RESPONSE,
        /** An answer carrying UNKNOWN_SERVER_ERROR: a handler threw on this input. */
        SERVER_ERROR,
        /** A well-behaved client on another connection was not served in time. */
        UNRESPONSIVE,
        /** Netty reported a buffer released too few times. */
        LEAK,
        /** Connections the fuzzer closed stayed open on the broker. */
        SOCKET_LEAK,
        /** Kafka's own clients could not produce and consume a record, or read back what was produced. */
        CLIENTS_FAILED,
        /** A consumer reading back what the broker acknowledged failed to decode it. */
        UNREADABLE_RECORDS
    }

    static Finding of(Problem problem, FuzzCase c, long seed, String detail) {
        return new Finding(problem, c.kind() + " " + c.api(), c.describe(), seed, c.number(), detail,
                Frames.hex(c.stream(), 160));
    }

    static Finding between(Problem problem, String where, long seed, String detail) {
        return new Finding(problem, where, where, seed, -1, detail, "");
    }

    /** Findings with the same signature are one bug seen several times. */
    String signature() {
        return problem + " " + scope;
    }

    String describe() {
        String d = detail.length() > MAX_DETAIL ? detail.substring(0, MAX_DETAIL) + "..." : detail;
        StringBuilder s = new StringBuilder().append(problem).append(" in ").append(where).append("\n    ")
                .append(d);
        if (caseNo >= 0) {
            s.append("\n    sent: ").append(sent).append("\n    replay: -Dfuzz.seed=").append(seed)
                    .append(" -Dfuzz.replay=").append(caseNo);
        } else {
            s.append("\n    seed: ").append(seed);
        }
        return s.toString();
    }
}
