/**
 * The broker's side of the transaction coordinator: electing it with the leadership of {@code __transaction_state}
 * partitions, and the channel its markers take to partition leaders.
 */
package io.samsa.broker.txn;
