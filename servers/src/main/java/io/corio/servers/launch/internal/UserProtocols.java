package io.corio.servers.launch.internal;

import io.corio.servers.config.ListenerConfig;
import io.corio.servers.launch.LaunchException;
import io.corio.servers.launch.UserClasspath;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Turns {@code protocol: com.example.Name} into a factory of protocol instances. The class may be
 * <ul>
 * <li>the protocol itself ({@code Protocol} for stream listeners, {@code DatagramProtocol} for UDP): one instance
 *     per connection (per endpoint for UDP), made with its public constructor taking a {@code Map<String,Object>}
 *     (the listener's {@code options}) if it has one, else its public no-argument constructor;</li>
 * <li>or a {@code java.util.function.Supplier} of such protocols: made once per worker loop with the same
 *     constructor rule, then {@code get()} per connection.</li>
 * </ul>
 * Every mistake is a {@link LaunchException} naming the listener, the class and what is wrong.
 */
public final class UserProtocols {
    private UserProtocols() {
    }

    /**
     * Checks {@code listener.protocol()} and returns a maker of factories: call it once per worker loop, then the
     * factory once per connection.
     *
     * @param kind {@code Protocol.class} or {@code DatagramProtocol.class}
     */
    public static <P> Supplier<Supplier<P>> factory(Class<P> kind, ListenerConfig listener, ClassLoader loader,
                                                    UserClasspath classpath) throws LaunchException {
        String name = listener.protocol();
        Class<?> type = load(listener, name, loader, classpath);
        if (!Modifier.isPublic(type.getModifiers()) || type.isInterface()
                || Modifier.isAbstract(type.getModifiers())) {
            throw fail(listener, name + " must be a public, concrete class");
        }
        Map<String, Object> options = listener.customSettings();
        if (kind.isAssignableFrom(type)) {
            Constructor<?> constructor = constructor(listener, type);
            return () -> () -> kind.cast(newInstance(constructor, options, name));
        }
        if (Supplier.class.isAssignableFrom(type)) {
            Class<?> supplied = suppliedType(type);
            if (supplied != null && !kind.isAssignableFrom(supplied)) {
                throw fail(listener, name + " supplies " + supplied.getName() + ", not a " + kind.getName());
            }
            Constructor<?> constructor = constructor(listener, type);
            return () -> {
                Supplier<?> supplier = (Supplier<?>) newInstance(constructor, options, name);
                return () -> {
                    Object made = supplier.get();
                    if (!kind.isInstance(made)) {
                        throw new IllegalStateException(name + ".get() returned " + made + ", not a "
                                + kind.getName());
                    }
                    return kind.cast(made);
                };
            };
        }
        throw fail(listener, name + " is not a " + kind.getName() + ": it must implement " + kind.getName()
                + " or java.util.function.Supplier<" + kind.getSimpleName() + ">");
    }

    private static Class<?> load(ListenerConfig listener, String name, ClassLoader loader, UserClasspath classpath)
            throws LaunchException {
        try {
            return Class.forName(name, false, loader);
        } catch (ClassNotFoundException e) {
            throw new LaunchException(listener.name(), "listener '" + listener.name() + "': protocol class " + name
                    + " not found; searched " + classpath.describe() + " and Corio's own classpath (add "
                    + "entries with --classpath or CORIO_CLASSPATH, or put the jar in lib/)", e);
        } catch (LinkageError e) {
            throw new LaunchException(listener.name(), "listener '" + listener.name() + "': cannot load protocol "
                    + "class " + name + ": " + e, e);
        }
    }

    private static Constructor<?> constructor(ListenerConfig listener, Class<?> type) throws LaunchException {
        try {
            return type.getConstructor(Map.class);
        } catch (NoSuchMethodException e) {
            try {
                return type.getConstructor();
            } catch (NoSuchMethodException e2) {
                throw fail(listener, type.getName() + " has no public constructor taking no arguments or a "
                        + "Map<String, Object> (the listener's options)");
            }
        }
    }

    private static Object newInstance(Constructor<?> constructor, Map<String, Object> options, String name) {
        try {
            return constructor.getParameterCount() == 1 ? constructor.newInstance(options)
                    : constructor.newInstance();
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            throw new IllegalStateException("the constructor of " + name + " threw " + cause, cause);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot make a " + name + ": " + e, e);
        }
    }

    /** The {@code T} of {@code Supplier<T>} as declared by {@code type} or a superclass; null when not a class. */
    static Class<?> suppliedType(Class<?> type) {
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Type t : c.getGenericInterfaces()) {
                if (t instanceof ParameterizedType p && p.getRawType() == Supplier.class) {
                    Type arg = p.getActualTypeArguments()[0];
                    if (arg instanceof Class<?> k) {
                        return k;
                    }
                    if (arg instanceof ParameterizedType pt && pt.getRawType() instanceof Class<?> k) {
                        return k;
                    }
                    return null;
                }
            }
        }
        return null;
    }

    private static LaunchException fail(ListenerConfig listener, String message) {
        return new LaunchException(listener.name(), "listener '" + listener.name() + "': " + message, null);
    }
}
