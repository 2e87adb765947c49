/**
 * The workloads of issue 4 (W1–W6). Each runs against one freshly started broker and returns its measurements;
 * the same code, settings and record counts serve both brokers.
 */
package io.samsa.bench.workload;
