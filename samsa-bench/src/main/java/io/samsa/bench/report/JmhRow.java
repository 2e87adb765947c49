package io.samsa.bench.report;

/**
 * One JMH result: benchmark method, its parameters, mode, score with its 99.9% confidence half-width, unit.
 */
public record JmhRow(String benchmark, String params, String mode, double score, double error, String unit) {
}
