package io.corio.loop.internal;

import io.corio.loop.Signal;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Process-wide signal handling for all loops. The first loop to handle a signal installs a JVM handler
 * ({@code sun.misc.Signal}, from the {@code jdk.unsupported} module) that forwards each delivery to every
 * registered loop with {@code callSoonThreadsafe}; the JVM's previous handler comes back when the last loop
 * removes its handler or closes.
 */
@SuppressWarnings("removal")
final class SignalDispatcher {
    private static final Map<Signal, Installed> INSTALLED = new EnumMap<>(Signal.class);

    private SignalDispatcher() {
    }

    private static final class Installed implements sun.misc.SignalHandler {
        final sun.misc.Signal jvmSignal;
        sun.misc.SignalHandler previous;
        final Map<BaseEventLoop, Runnable> loops = new LinkedHashMap<>();

        Installed(sun.misc.Signal jvmSignal) {
            this.jvmSignal = jvmSignal;
        }

        @Override
        public void handle(sun.misc.Signal sig) {
            Map<BaseEventLoop, Runnable> targets;
            synchronized (SignalDispatcher.class) {
                targets = Map.copyOf(loops);
            }
            targets.forEach((loop, callback) -> {
                try {
                    loop.callSoonThreadsafe(callback);
                } catch (RuntimeException closed) {
                    // the loop closed after the signal arrived; nothing to run
                }
            });
        }
    }

    static synchronized void add(BaseEventLoop loop, Signal signal, Runnable callback) {
        if (callback == null) {
            throw new NullPointerException("callback");
        }
        Installed installed = INSTALLED.get(signal);
        if (installed == null) {
            installed = new Installed(jvmSignal(signal));
            try {
                installed.previous = sun.misc.Signal.handle(installed.jvmSignal, installed);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("cannot handle SIG" + signal.posixName() + ": " + e.getMessage()
                        + " (the JVM reserves it, or it was started with -Xrs)", e);
            }
            INSTALLED.put(signal, installed);
        }
        installed.loops.put(loop, callback);
    }

    static synchronized boolean remove(BaseEventLoop loop, Signal signal) {
        Installed installed = INSTALLED.get(signal);
        if (installed == null || installed.loops.remove(loop) == null) {
            return false;
        }
        if (installed.loops.isEmpty()) {
            sun.misc.Signal.handle(installed.jvmSignal, installed.previous);
            INSTALLED.remove(signal);
        }
        return true;
    }

    static synchronized void removeAll(BaseEventLoop loop) {
        for (Signal s : Signal.values()) {
            remove(loop, s);
        }
    }

    private static sun.misc.Signal jvmSignal(Signal signal) {
        try {
            return new sun.misc.Signal(signal.posixName());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("SIG" + signal.posixName() + " is not known on this platform", e);
        }
    }
}
