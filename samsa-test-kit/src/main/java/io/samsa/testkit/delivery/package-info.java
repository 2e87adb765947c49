/**
 * Counting what a cluster did with produced records: {@link io.samsa.testkit.delivery.LoadProducer} sends numbered
 * records at a steady rate, {@link io.samsa.testkit.delivery.DeliveryChecker} records every acknowledgement and
 * compares them with the partitions read back ({@link io.samsa.testkit.delivery.PartitionReader}), and
 * {@link io.samsa.testkit.delivery.DeliveryReport} says how many were acknowledged, lost, duplicated and moved.
 */
package io.samsa.testkit.delivery;
