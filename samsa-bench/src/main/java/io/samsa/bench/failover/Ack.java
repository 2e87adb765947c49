package io.samsa.bench.failover;

/**
 * The outcome of one send: its partition, when {@code send()} was called and when its callback ran, both on the
 * same {@code Time#nanoseconds} clock as the kill.
 *
 * @param partition  the partition it was sent to
 * @param sentNanos  when {@code send()} was called
 * @param doneNanos  when the callback ran (acknowledgement or failure)
 * @param error      null if acknowledged, else the exception's class and message
 */
public record Ack(int partition, long sentNanos, long doneNanos, String error) {

    public boolean acknowledged() {
        return error == null;
    }
}
