package io.samsa.it.fuzz;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Runs one {@link FuzzCase} on a fresh connection and holds the broker to the {@link ExpectedReplies} of its bytes:
 * each answer in order and well formed, each close when due, and nothing left hanging. A case whose stream leaves
 * the connection usable is followed by an ApiVersions probe on the same connection, which must be answered next:
 * that catches a response too many (a stray answer to an acks=0 produce) as well as a connection left stuck.
 * Not thread-safe.
 */
final class CaseRunner {
    private final int port;
    private final ExpectedReplies oracle;
    private final ScheduledExecutorService watchdog;
    private final Duration bound;
    private final HealthCheck health;
    private final FuzzReport report;

    /**
     * @param bound how long the broker may take to answer or close, on top of which a request may be held for
     *              {@link WaitCaps#MAX_LEGITIMATE_WAIT_MS}
     */
    CaseRunner(int port, ExpectedReplies oracle, ScheduledExecutorService watchdog, Duration bound,
               HealthCheck health, FuzzReport report) {
        this.port = port;
        this.oracle = oracle;
        this.watchdog = watchdog;
        this.bound = bound.plusMillis(WaitCaps.MAX_LEGITIMATE_WAIT_MS);
        this.health = health;
        this.report = report;
    }

    /** Runs {@code c}; what it found is added to the report. */
    void run(FuzzCase c, long seed) {
        long start = System.nanoTime();
        try (WireConnection conn = new WireConnection(port, watchdog, bound)) {
            if (!c.readsAnswers()) {
                runUnread(c, seed, conn);
                return;
            }
            Finding f = runRead(c, seed, conn);
            if (f != null) {
                report.add(f);
            }
        } catch (IOException e) {
            report.add(Finding.of(Finding.Problem.UNRESPONSIVE, c, seed, "connection refused: " + e));
        } finally {
            report.caseRun(c, System.nanoTime() - start);
        }
    }

    /** Writes a pipeline, reads nothing, checks that others are served, then leaves (with a reset, every other). */
    private void runUnread(FuzzCase c, long seed, WireConnection conn) {
        // A broker that stops reading a client that does not read (back-pressure) makes the write stall: correct.
        conn.write(c.stream(), bound);
        report.healthCheck();
        report.framesSent(HealthCheck.FRAMES_PER_CHECK);
        String problem = health.check();
        if (problem != null) {
            report.add(Finding.of(Finding.Problem.UNRESPONSIVE, c, seed,
                    "while a pipeline went unread, another client was not served: " + problem));
        }
        if (c.number() % 2 == 0) {
            conn.reset();
        }
    }

    private Finding runRead(FuzzCase c, long seed, WireConnection conn) {
        ExpectedReplies.Plan plan = oracle.plan(c.stream());
        WireConnection.Write written = conn.write(c.stream(), bound);
        if (written == WireConnection.Write.STALLED) {
            return Finding.of(Finding.Problem.HANG, c, seed, "the broker stopped reading a " + c.stream().length
                    + "-byte request for " + bound.toMillis() + " ms without answering or closing");
        }
        boolean probe = !plan.endsInClose() && !plan.incompleteTail();
        if (plan.incompleteTail()) {
            conn.shutdownOutput();
        } else if (probe) {
            conn.write(Probe.apiVersions(Probe.CORRELATION_ID), bound);
            report.framesSent(1);
        }
        boolean silenced = false;
        int index = 0;
        for (ExpectedReplies.Reply reply : plan.replies()) {
            index++;
            String at = "frame " + index + " of " + plan.replies().size();
            if (reply instanceof ExpectedReplies.Silence) {
                silenced = true;
                report.silent();
                continue;
            }
            WireConnection.Read read = conn.read(bound);
            if (reply instanceof ExpectedReplies.Close close) {
                return expectClose(c, seed, read, at + " (" + close.why() + ")");
            }
            ExpectedReplies.Answer answer = (ExpectedReplies.Answer) reply;
            if (read instanceof WireConnection.Closed closed) {
                report.closed();
                // A failed acks=0 produce closes (there is no answer to carry its error); a half-closed client
                // may be dropped.
                if (silenced || plan.incompleteTail()) {
                    return null;
                }
                // A later frame that closes (one that does not parse, or an acks=0 produce that fails) took
                // this answer down with it.
                boolean closerFollows = plan.replies().subList(index, plan.replies().size()).stream()
                        .anyMatch(r -> !(r instanceof ExpectedReplies.Answer));
                Finding.Problem problem = closerFollows ? Finding.Problem.DROPPED_BEFORE_CLOSE
                        : Finding.Problem.UNEXPECTED_CLOSE;
                return Finding.of(problem, c, seed, at + ": " + answer.api() + " v" + answer.requestVersion()
                        + " parses, yet the broker closed the connection (" + closed.how() + ")");
            }
            Finding bad = checkAnswer(c, seed, read, answer, at);
            if (bad != null) {
                return bad;
            }
        }
        if (plan.incompleteTail()) {
            return expectClose(c, seed, conn.read(bound), "the end of a frame that never came");
        }
        if (!probe) {
            return null;
        }
        WireConnection.Read read = conn.read(bound);
        if (read instanceof WireConnection.Closed closed) {
            report.closed();
            return silenced ? null : Finding.of(Finding.Problem.UNEXPECTED_CLOSE, c, seed,
                    "the probe after the case: connection closed (" + closed.how() + ")");
        }
        return checkAnswer(c, seed, read, Probe.apiVersionsAnswer(Probe.CORRELATION_ID), "the probe after the case");
    }

    private Finding checkAnswer(FuzzCase c, long seed, WireConnection.Read read, ExpectedReplies.Answer answer,
                                String at) {
        if (read instanceof WireConnection.TimedOut) {
            return Finding.of(Finding.Problem.HANG, c, seed, at + ": no answer to " + answer.api() + " v"
                    + answer.requestVersion() + " within " + bound.toMillis() + " ms");
        }
        if (read instanceof WireConnection.Garbage g) {
            return Finding.of(Finding.Problem.BAD_RESPONSE, c, seed, at + ": response size " + g.size());
        }
        ByteBuffer frame = ((WireConnection.Frame) read).bytes();
        String problem = ResponseCheck.problem(frame, answer);
        if (problem == null) {
            report.answered();
            return null;
        }
        Finding.Problem kind = problem.startsWith("UNKNOWN_SERVER_ERROR") ? Finding.Problem.SERVER_ERROR
                : Finding.Problem.BAD_RESPONSE;
        return Finding.of(kind, c, seed, at + ": " + problem);
    }

    private Finding expectClose(FuzzCase c, long seed, WireConnection.Read read, String at) {
        if (read instanceof WireConnection.Closed) {
            report.closed();
            return null;
        }
        if (read instanceof WireConnection.TimedOut) {
            return Finding.of(Finding.Problem.HANG, c, seed, at + ": the connection stayed open "
                    + bound.toMillis() + " ms without an answer");
        }
        return Finding.of(Finding.Problem.ANSWERED_INSTEAD_OF_CLOSE, c, seed, at + ": answered, "
                + (read instanceof WireConnection.Frame f ? f.bytes().remaining() + " bytes" : read.toString()));
    }
}
