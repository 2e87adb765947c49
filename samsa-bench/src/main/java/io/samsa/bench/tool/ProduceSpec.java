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
 */
public record ProduceSpec(String topic, long records, int recordSize, int throughput,
                          Map<String, String> producerProps) {

    public ProduceSpec {
        producerProps = new LinkedHashMap<>(producerProps);
    }

    /** Payload bytes the run moves: records times record size. */
    public long payloadBytes() {
        return records * recordSize;
    }

    public ProduceSpec withTopic(String t) {
        return new ProduceSpec(t, records, recordSize, throughput, producerProps);
    }

    public ProduceSpec withProp(String key, String value) {
        Map<String, String> props = new LinkedHashMap<>(producerProps);
        props.put(key, value);
        return new ProduceSpec(topic, records, recordSize, throughput, props);
    }
}
