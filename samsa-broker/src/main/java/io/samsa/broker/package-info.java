/**
 * The broker: lifecycle, the adapters that plug metadata, storage, replication and the network together, and
 * topic administration shared by several APIs.
 */
package io.samsa.broker;
