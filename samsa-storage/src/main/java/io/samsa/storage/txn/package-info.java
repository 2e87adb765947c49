/**
 * Transactions as a partition sees them: the aborted-transaction index of each segment ({@code .txnindex}) and
 * the tracking of open and not-yet-replicated transactions from which the last stable offset follows. Internal
 * to samsa-storage: a {@code Log} owns them and calls them under its lock; reads of the index are lock-free.
 */
package io.samsa.storage.txn;
