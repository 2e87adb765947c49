/** The {@code samsa-server} entry point: loads {@code server.properties}, starts a broker, stops it on signal. */
package io.samsa.server;
