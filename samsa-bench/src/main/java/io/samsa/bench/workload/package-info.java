/**
 * The workloads of issue 4 (W1–W6) and issue 9 (W7 on three-broker clusters, leader failover). Each starts its
 * own broker processes and runs its measured part once per round on them (cold, then warm); the same code,
 * settings and record counts serve both brokers.
 */
package io.samsa.bench.workload;
