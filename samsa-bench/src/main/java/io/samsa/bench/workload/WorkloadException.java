package io.samsa.bench.workload;

/** A workload part could not be measured on a broker; the message says why, for the report. */
public final class WorkloadException extends Exception {
    private static final long serialVersionUID = 1L;

    public WorkloadException(String message) {
        super(message);
    }
}
