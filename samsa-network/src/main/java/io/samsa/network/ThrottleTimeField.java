package io.samsa.network;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import org.apache.kafka.common.protocol.ApiMessage;

/**
 * Reads and raises the {@code throttle_time_ms} of any response message: kafka-clients generates a
 * {@code throttleTimeMs()} and {@code setThrottleTimeMs(int)} on every response data class that has the field, but
 * no interface names them, so they are looked up once per class. Responses without the field are left alone.
 * Stateless apart from that per-class cache; thread-safe.
 */
final class ThrottleTimeField {
    private record Accessors(MethodHandle getter, MethodHandle setter) {
    }

    private static final Accessors NONE = new Accessors(null, null);

    private static final ClassValue<Accessors> ACCESSORS = new ClassValue<>() {
        @Override
        protected Accessors computeValue(Class<?> type) {
            try {
                MethodHandles.Lookup lookup = MethodHandles.publicLookup();
                return new Accessors(lookup.findVirtual(type, "throttleTimeMs", MethodType.methodType(int.class)),
                        lookup.findVirtual(type, "setThrottleTimeMs", MethodType.methodType(type, int.class)));
            } catch (ReflectiveOperationException e) {
                return NONE;
            }
        }
    };

    private ThrottleTimeField() {
    }

    /** Sets the response's throttle time to {@code ms} unless it already says more; false when it has no such field. */
    static boolean raise(ApiMessage response, int ms) {
        Accessors a = ACCESSORS.get(response.getClass());
        if (a == NONE) {
            return false;
        }
        try {
            if ((int) a.getter.invoke(response) < ms) {
                a.setter.invoke(response, ms);
            }
            return true;
        } catch (Throwable t) {
            throw new IllegalStateException("Cannot set the throttle time of " + response.getClass().getName(), t);
        }
    }
}
