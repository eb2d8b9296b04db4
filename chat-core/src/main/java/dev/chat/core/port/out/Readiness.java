package dev.chat.core.port.out;

/** Tells whether the stores can serve requests right now. */
@FunctionalInterface
public interface Readiness {

    Readiness ALWAYS = () -> true;

    boolean isReady();
}
