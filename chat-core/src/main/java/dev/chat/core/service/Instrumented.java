package dev.chat.core.service;

import dev.chat.core.domain.ChatEvent;
import dev.chat.core.port.out.Fanout;
import dev.chat.core.port.out.Telemetry;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletionStage;

/**
 * Outbound ports wrapped so that every call is reported to the {@link Telemetry}: its port, its method, how long it
 * took (for a method that returns a {@link CompletionStage}, until that completes) and whether it failed. A fan-out's
 * subscribers are wrapped too, to report how long after storing a message it arrived. With {@link Telemetry#NONE}
 * the ports are used as they are.
 */
final class Instrumented {

    private Instrumented() {}

    /** {@code target} as {@code type}, each call reported as one of {@code port}. */
    static <T> T port(Class<T> type, String port, T target, Telemetry telemetry, Clock clock) {
        if (telemetry == Telemetry.NONE || target == null) {
            return target;
        }
        InvocationHandler timed = (proxy, method, args) -> call(port, method, target, args, telemetry, clock);
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, timed));
    }

    private static Object call(
            String port, Method method, Object target, Object[] args, Telemetry telemetry, Clock clock)
            throws Throwable {
        if (method.getDeclaringClass() == Object.class) {
            return method.invoke(target, args);
        }
        if (target instanceof Fanout && method.getName().equals("subscribe") && args.length == 2) {
            args = new Object[] {args[0], lagOf((Fanout.Subscriber) args[1], telemetry, clock)};
        }
        long start = System.nanoTime();
        Object result;
        try {
            result = method.invoke(target, args);
        } catch (InvocationTargetException e) {
            telemetry.portCall(port, method.getName(), System.nanoTime() - start, true);
            throw e.getCause();
        }
        if (result instanceof CompletionStage<?> stage) {
            stage.whenComplete((done, failure) ->
                    telemetry.portCall(port, method.getName(), System.nanoTime() - start, failure != null));
        } else {
            telemetry.portCall(port, method.getName(), System.nanoTime() - start, false);
        }
        return result;
    }

    private static Fanout.Subscriber lagOf(Fanout.Subscriber subscriber, Telemetry telemetry, Clock clock) {
        return new Fanout.Subscriber() {
            @Override
            public void onEvent(ChatEvent event) {
                if (event instanceof ChatEvent.MessagePosted posted) {
                    Duration lag = Duration.between(posted.message().ts(), clock.instant());
                    telemetry.fanoutReceived(Math.max(0, lag.toNanos()));
                }
                subscriber.onEvent(event);
            }

            @Override
            public void onPossibleLoss() {
                subscriber.onPossibleLoss();
            }
        };
    }
}
