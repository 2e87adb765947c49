/** Helpers shared by every Samsa module: scheduling, configuration definitions, time. */
package io.samsa.common;
