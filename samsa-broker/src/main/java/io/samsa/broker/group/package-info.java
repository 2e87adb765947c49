/**
 * The broker side of consumer groups: the {@code __consumer_offsets} topic, the log adapter the group coordinator
 * writes through, and which offsets partitions this broker coordinates.
 */
package io.samsa.broker.group;
