package io.corio.loop.internal;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadFactory;

/**
 * The one place that reaches into the JDK: virtual threads whose scheduler is a given {@link Executor}, through
 * the package-private {@code java.lang.ThreadBuilders.VirtualThreadBuilder(Executor)} constructor. Every mount of
 * such a thread runs wherever the executor runs the continuation it is handed; Corio hands it to the loop, so
 * coroutines run on the loop thread between callbacks.
 *
 * <p>Needs {@code --add-opens java.base/java.lang=ALL-UNNAMED}. Without it {@link #check()} throws an error naming
 * the flag; loops call it when they are created.
 */
public final class VirtualThreads {
    public static final String REQUIRED_FLAG = "--add-opens java.base/java.lang=ALL-UNNAMED";

    private static final MethodHandle NEW_BUILDER;
    private static final Executor DEFAULT_SCHEDULER;
    private static final RuntimeException UNAVAILABLE;

    static {
        MethodHandle handle = null;
        Executor defaultScheduler = null;
        RuntimeException failure = null;
        try {
            Class<?> builderClass = Class.forName("java.lang.ThreadBuilders$VirtualThreadBuilder");
            Constructor<?> ctor = builderClass.getDeclaredConstructor(Executor.class);
            ctor.setAccessible(true);
            handle = MethodHandles.lookup().unreflectConstructor(ctor)
                    .asType(MethodType.methodType(Thread.Builder.OfVirtual.class, Executor.class));
            Method scheduler = Class.forName("java.lang.VirtualThread").getDeclaredMethod("defaultScheduler");
            scheduler.setAccessible(true);
            defaultScheduler = (Executor) scheduler.invoke(null);
        } catch (RuntimeException | ReflectiveOperationException e) {
            failure = new UnsupportedOperationException(
                    "Corio runs coroutines as virtual threads scheduled by the event loop, which needs access to "
                            + "java.lang internals: start the JVM with " + REQUIRED_FLAG + " (bin/corio and the "
                            + "Maven build pass it; an executable jar's manifest carries Add-Opens). "
                            + "Java " + Runtime.version() + ", cause: " + e, e);
        }
        NEW_BUILDER = handle;
        DEFAULT_SCHEDULER = defaultScheduler;
        UNAVAILABLE = failure;
    }

    private VirtualThreads() {
    }

    /**
     * Throws if loop-scheduled virtual threads are unavailable in this JVM.
     *
     * @throws UnsupportedOperationException naming {@value #REQUIRED_FLAG}
     */
    public static void check() {
        if (UNAVAILABLE != null) {
            throw new UnsupportedOperationException(UNAVAILABLE.getMessage(), UNAVAILABLE.getCause());
        }
    }

    /**
     * The JDK's own virtual-thread scheduler (a ForkJoinPool). A virtual thread created without a scheduler inside a
     * coroutine inherits the coroutine's scheduler (the JDK passes schedulers from parent to child); a task hands such
     * foreign continuations here, so that they run like any virtual thread, off the loop.
     */
    public static Executor defaultScheduler() {
        check();
        return DEFAULT_SCHEDULER;
    }

    /**
     * A factory of virtual threads on the JDK's default scheduler named {@code prefix<n>}, whichever thread creates
     * them (a plain {@code Thread.ofVirtual()} factory used inside a coroutine would schedule on the loop).
     */
    public static ThreadFactory defaultSchedulerFactory(String prefix) {
        check();
        try {
            var builder = (Thread.Builder.OfVirtual) NEW_BUILDER.invokeExact(DEFAULT_SCHEDULER);
            return builder.name(prefix, 0).factory();
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("cannot create a virtual thread factory", t);
        }
    }

    /**
     * An unstarted virtual thread named {@code name} that runs {@code body}, scheduled by {@code scheduler}, with
     * {@code handler} as its uncaught exception handler.
     */
    public static Thread newThread(Executor scheduler, Thread.UncaughtExceptionHandler handler, String name,
                                   Runnable body) {
        check();
        try {
            var builder = (Thread.Builder.OfVirtual) NEW_BUILDER.invokeExact(scheduler);
            return builder.name(name).inheritInheritableThreadLocals(false).uncaughtExceptionHandler(handler)
                    .unstarted(body);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("cannot create a virtual thread", t);
        }
    }
}
