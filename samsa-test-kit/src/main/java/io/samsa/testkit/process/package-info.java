/**
 * A cluster of separate processes started from the built distribution, as a user would start them:
 * {@link io.samsa.testkit.process.ProcessCluster} (one ZooKeeper, N brokers, the fault proxy between all of them),
 * with kill -9, clean stop, restart and bounded waits on each process.
 */
package io.samsa.testkit.process;
