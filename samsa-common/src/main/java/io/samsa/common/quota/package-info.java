/** Quota arithmetic shared by the network layer and the broker's client quotas. */
package io.samsa.common.quota;
