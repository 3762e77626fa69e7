package io.corio.servers.rpc.internal;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import io.corio.servers.rpc.RpcException;
import io.corio.servers.rpc.RpcHandler;
import io.corio.servers.rpc.RpcMethod;
import io.corio.servers.rpc.RpcParam;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Array;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Turns the {@link RpcMethod} methods of an object into {@link RpcHandler}s. Reflection happens once, here: each
 * handler holds a method handle bound to the object and spread over an {@code Object[]}, and per-parameter
 * converters (fast paths for JSON, strings, numbers and booleans; Jackson for the rest).
 */
public final class MethodBinder {
    private static final java.util.Set<Class<?>> SCALARS = java.util.Set.of(long.class, Long.class, int.class,
            Integer.class, double.class, Double.class, boolean.class, Boolean.class, String.class);

    private MethodBinder() {
    }

    /**
     * The annotated public methods of {@code target} by JSON-RPC name.
     *
     * @throws IllegalArgumentException if there is none, two share a name, or one cannot be accessed
     */
    public static Map<String, RpcHandler> bind(Object target) {
        var handlers = new LinkedHashMap<String, RpcHandler>();
        for (Method method : target.getClass().getMethods()) {
            RpcMethod annotation = method.getAnnotation(RpcMethod.class);
            if (annotation == null || Modifier.isStatic(method.getModifiers())) {
                continue;
            }
            String name = annotation.value().isEmpty() ? method.getName() : annotation.value();
            if (handlers.put(name, new Bound(name, target, method)) != null) {
                throw new IllegalArgumentException(target.getClass().getName() + " has two @RpcMethod methods named '"
                        + name + "'");
            }
        }
        if (handlers.isEmpty()) {
            throw new IllegalArgumentException(target.getClass().getName()
                    + " has no public method annotated @RpcMethod");
        }
        return handlers;
    }

    /** One parameter: its name for named params (null when unknown), its type, and whether it takes the rest. */
    private record Param(String name, Class<?> raw, JavaType type, boolean rest) {
    }

    private static final class Bound implements RpcHandler {
        private final String name;
        private final MethodHandle handle; // (Object[])Object
        private final Param[] params;
        private final boolean varargs;

        Bound(String name, Object target, Method method) {
            this.name = name;
            this.varargs = method.isVarArgs();
            Parameter[] declared = method.getParameters();
            this.params = new Param[declared.length];
            for (int i = 0; i < declared.length; i++) {
                Parameter p = declared[i];
                RpcParam named = p.getAnnotation(RpcParam.class);
                String paramName = named != null ? named.value() : p.isNamePresent() ? p.getName() : null;
                params[i] = new Param(paramName, p.getType(),
                        Json.MAPPER.getTypeFactory().constructType(p.getParameterizedType()),
                        varargs && i == declared.length - 1);
            }
            try {
                method.setAccessible(true);
                this.handle = MethodHandles.lookup().unreflect(method).bindTo(target)
                        .asSpreader(Object[].class, declared.length)
                        .asType(MethodType.methodType(Object.class, Object[].class));
            } catch (IllegalAccessException | RuntimeException e) {
                throw new IllegalArgumentException("cannot call " + method + ": " + e.getMessage(), e);
            }
        }

        @Override
        public Object call(JsonNode json) throws Exception {
            Object[] args = json.isObject() ? byName(json) : byPosition(json);
            try {
                return (Object) handle.invokeExact(args);
            } catch (Exception | Error e) {
                throw e;
            } catch (Throwable t) {
                throw new IllegalStateException(t);
            }
        }

        private Object[] byPosition(JsonNode json) {
            int fixed = varargs ? params.length - 1 : params.length;
            int given = json.size();
            if (given < fixed || (!varargs && given > fixed)) {
                throw RpcException.invalidParams(name + " takes " + (varargs ? "at least " : "") + fixed
                        + " positional param" + (fixed == 1 ? "" : "s") + ", got " + given);
            }
            Object[] args = new Object[params.length];
            for (int i = 0; i < fixed; i++) {
                args[i] = convert(json.get(i), params[i], i);
            }
            if (varargs) {
                Param rest = params[fixed];
                Class<?> component = rest.raw().getComponentType();
                JavaType componentType = rest.type().getContentType();
                Param element = new Param(rest.name(), component, componentType, false);
                Object array = Array.newInstance(component, given - fixed);
                for (int i = fixed; i < given; i++) {
                    Array.set(array, i - fixed, convert(json.get(i), element, i));
                }
                args[fixed] = array;
            }
            return args;
        }

        private Object[] byName(JsonNode json) {
            Object[] args = new Object[params.length];
            for (int i = 0; i < params.length; i++) {
                Param p = params[i];
                if (p.name() == null) {
                    throw RpcException.invalidParams(name + " takes positional params only (its parameter names "
                            + "are unknown: annotate them with @RpcParam or compile with -parameters)");
                }
                JsonNode value = json.get(p.name());
                if (value == null) {
                    throw RpcException.invalidParams(name + ": missing param '" + p.name() + "'");
                }
                args[i] = convert(value, p, i);
            }
            if (json.size() > params.length) {
                for (Iterator<String> it = json.fieldNames(); it.hasNext(); ) {
                    String key = it.next();
                    if (!known(key)) {
                        throw RpcException.invalidParams(name + ": unknown param '" + key + "'");
                    }
                }
            }
            return args;
        }

        private boolean known(String key) {
            for (Param p : params) {
                if (key.equals(p.name())) {
                    return true;
                }
            }
            return false;
        }

        private Object convert(JsonNode value, Param p, int index) {
            Class<?> raw = p.raw();
            if (JsonNode.class.isAssignableFrom(raw) && raw.isInstance(value)) {
                return value;
            }
            if ((raw == long.class || raw == Long.class) && value.isIntegralNumber() && value.canConvertToLong()) {
                return value.longValue();
            }
            if ((raw == int.class || raw == Integer.class) && value.isIntegralNumber() && value.canConvertToInt()) {
                return value.intValue();
            }
            if ((raw == double.class || raw == Double.class) && value.isNumber()) {
                return value.doubleValue();
            }
            if ((raw == boolean.class || raw == Boolean.class) && value.isBoolean()) {
                return value.booleanValue();
            }
            if (raw == String.class && value.isTextual()) {
                return value.textValue();
            }
            if (SCALARS.contains(raw)) {
                // no coercion of "5" to 5 or of 1.5 to 1: the fast paths above are the only ways in
                if (value.isNull() && !raw.isPrimitive()) {
                    return null;
                }
                throw RpcException.invalidParams(name + ": param " + label(p, index) + " must be "
                        + (raw == String.class ? "a string" : raw == boolean.class || raw == Boolean.class
                        ? "a boolean" : raw == double.class || raw == Double.class ? "a number"
                        : "an integer in range") + ", got " + value);
            }
            try {
                Object converted = Json.MAPPER.treeToValue(value, p.type());
                if (converted == null && raw.isPrimitive()) {
                    throw new IllegalArgumentException("null for a " + raw);
                }
                return converted;
            } catch (Exception e) {
                String detail = e.getMessage() == null ? e.toString() : e.getMessage().lines().findFirst().orElse("");
                throw RpcException.invalidParams(name + ": param " + label(p, index) + " is not a "
                        + p.type().toCanonical() + " (" + detail + ")");
            }
        }

        private static String label(Param p, int index) {
            return p.name() != null ? "'" + p.name() + "'" : "#" + index;
        }
    }
}
