package io.samsa.storage.cleaner;

/**
 * One cleaner metric over JMX, as Kafka exposes its gauges: an MBean named {@code kafka.log:type=...,name=...}
 * whose attribute {@code Value} is the current value, so Kafka's dashboards and JMX exporters read Samsa's too.
 * Registered by {@link CleanerMetrics}; the getter is safe from any thread.
 */
public interface CleanerGaugeMBean {
    /** The current value (an {@code Integer} or {@code Long}, as in Kafka). */
    Object getValue();
}
