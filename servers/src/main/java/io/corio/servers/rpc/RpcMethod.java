package io.corio.servers.rpc;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a public method of a service object as a JSON-RPC method; {@link RpcService#of(Object)} registers it.
 * Parameters are bound from positional params in order, or from named params by {@link RpcParam} or by the
 * compiled parameter names (javac {@code -parameters}); each is converted with Jackson. The return value is
 * serialised as the result ({@code void}: {@code null}); a returned {@code io.corio.loop.Future} is awaited first.
 * The method runs in a coroutine on the connection's loop, so it may await.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface RpcMethod {
    /** The JSON-RPC method name; empty means the Java method's name. */
    String value() default "";
}
