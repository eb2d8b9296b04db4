package dev.chat.core.service;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;

/**
 * A switch that makes every call of the ports it wraps fail, as an unreachable store does: while it is on, each
 * call throws; while it is off, each call goes to the real (in-memory) port.
 */
final class Outage {

    volatile boolean on;

    /** {@code real}, as {@code port}, failing while this outage is on. */
    <T> T of(Class<T> port, T real) {
        return port.cast(Proxy.newProxyInstance(port.getClassLoader(), new Class<?>[] {port}, (proxy, method, args) -> {
            if (on && method.getDeclaringClass() != Object.class) {
                throw new IllegalStateException("store down");
            }
            try {
                return method.invoke(real, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        }));
    }
}
