package io.samsa.it.fuzz;

import java.util.List;

/** What a fuzz case does to the realistic request of its (API, version). */
enum CaseKind {
    /** The request as a well-behaved client sends it: it must be answered. */
    VALID,
    /** One field of the message set to an edge value, a neighbour of its value, null, or a broken record set. */
    FIELD,
    /** One length or count prefix of the body made to lie. */
    LENGTH,
    /** One to four bytes of the body overwritten. */
    BYTES,
    /** The body cut short, the frame's size honest about it. */
    TRUNCATED,
    /** A valid header, then random bytes. */
    RANDOM_BODY,
    /** The header names another version (advertised or not) than the body was written at. */
    WRONG_VERSION,
    /** The frame's size field says more or less than follows. */
    LYING_SIZE,
    /** Many requests written, none of the responses read; another client must still be served. */
    PIPELINE_UNREAD,
    /** Valid requests of other APIs pipelined around a mutated one; every answer must come back in order. */
    PIPELINED;

    /** The cases of one round, per (API, version): mutations that find most are drawn more often. */
    static final List<CaseKind> ROUND = List.of(VALID, FIELD, FIELD, FIELD, LENGTH, LENGTH, BYTES, TRUNCATED,
            RANDOM_BODY, WRONG_VERSION, LYING_SIZE, PIPELINE_UNREAD, PIPELINED);
}
