/**
 * Producer state for idempotence and transactions: per producer id its epoch, its last five batches, its last
 * marker's coordinator epoch and its open transaction; validation of new batches and markers against it
 * (duplicates, sequence gaps, epoch and coordinator fencing, transactional state), and its snapshots on disk so
 * it survives restarts. Internal to samsa-storage: {@code Log} owns one
 * {@link io.samsa.storage.producer.ProducerStateManager} and guards it with its lock.
 */
package io.samsa.storage.producer;
