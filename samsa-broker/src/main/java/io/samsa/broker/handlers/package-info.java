/** One class per Kafka API: each turns a request into a response using the {@link io.samsa.broker.BrokerContext}. */
package io.samsa.broker.handlers;
