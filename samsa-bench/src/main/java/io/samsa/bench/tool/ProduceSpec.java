package io.samsa.bench.tool;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One {@code ProducerPerformance} run.
 *
 * @param topic         the topic (created beforehand)
 * @param records       {@code --num-records}
 * @param recordSize    {@code --record-size} in bytes (the tool sends one random payload of this size, no key)
 * @param throughput    {@code --throughput} in records/s; -1 for unthrottled
 * @param producerProps {@code --producer-props}, besides {@code bootstrap.servers}
 * @param transactionMs {@code --transaction-duration-ms} (with {@code --transactional-id}): each transaction is
 *                      committed once it is this old; 0 for no transactions
 */
public record ProduceSpec(String topic, long records, int recordSize, int throughput,
                          Map<String, String> producerProps, long transactionMs) {

    public ProduceSpec {
        producerProps = new LinkedHashMap<>(producerProps);
    }

    /** A run without transactions. */
    public ProduceSpec(String topic, long records, int recordSize, int throughput, Map<String, String> producerProps) {
        this(topic, records, recordSize, throughput, producerProps, 0);
    }

    /** Payload bytes the run moves: records times record size. */
    public long payloadBytes() {
        return records * recordSize;
    }

    public ProduceSpec withTopic(String t) {
        return new ProduceSpec(t, records, recordSize, throughput, producerProps, transactionMs);
    }

    public ProduceSpec withProp(String key, String value) {
        Map<String, String> props = new LinkedHashMap<>(producerProps);
        props.put(key, value);
        return new ProduceSpec(topic, records, recordSize, throughput, props, transactionMs);
    }

    /** The same run in transactions committed every {@code ms} milliseconds, with one transactional id. */
    public ProduceSpec withTransactions(long ms) {
        return new ProduceSpec(topic, records, recordSize, throughput, producerProps, ms);
    }
}
