/**
 * The transaction coordinator: transactional ids, their producer ids and epochs, and the two-phase commit of their
 * transactions, persisted in {@code __transaction_state} ({@link io.samsa.coordinator.txn.TransactionLogSerde}) and
 * run on the shared coordinator runtime ({@link io.samsa.coordinator.runtime}). Markers reach partition leaders
 * through {@link io.samsa.coordinator.txn.TxnMarkerChannel}.
 */
package io.samsa.coordinator.txn;
