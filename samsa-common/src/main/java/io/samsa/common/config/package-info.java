/**
 * Configuration definitions: the broker's static configuration ({@link io.samsa.common.config.BrokerConfig}, declared
 * in {@link io.samsa.common.config.BrokerConfigDef}) and the topic-level configs
 * ({@link io.samsa.common.config.TopicConfigs}), with Kafka's names, defaults, validation and DescribeConfigs view
 * ({@link io.samsa.common.config.ConfigEntryView}).
 *
 * <p>Parsing and validation reuse kafka-clients' {@code ConfigDef}; DescribeConfigs sources and types reuse
 * kafka-clients' {@code DescribeConfigsResponse.ConfigSource} and {@code ConfigType}. Nothing here does I/O.
 */
package io.samsa.common.config;
