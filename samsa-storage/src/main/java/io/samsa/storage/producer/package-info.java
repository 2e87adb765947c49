/**
 * Producer state for idempotence: per producer id its epoch and its last five batches, validation of new
 * batches against it (duplicates, sequence gaps, fencing), and its snapshots on disk so it survives restarts.
 * Internal to samsa-storage: {@code Log} owns one {@link io.samsa.storage.producer.ProducerStateManager} and
 * guards it with its lock.
 */
package io.samsa.storage.producer;
