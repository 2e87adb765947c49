/**
 * Fetch sessions (KIP-227): a client that fetches the same partitions again and again names only what changed,
 * and the broker answers only partitions with news, so thousands of partitions cost little per fetch.
 */
package io.samsa.broker.fetch;
