package io.corio.servers.rpc;

import io.corio.loop.testing.TestLoop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;

import static io.corio.servers.rpc.Dispatch.assertSameJson;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A user's service class, compiled here with {@code javac -parameters} into its own directory and loaded by name
 * from a class loader, as {@code options.service: com.example.Calculator} does: named params bind by the compiled
 * parameter names, without {@code @RpcParam}.
 */
class UserServiceClassTest {
    @TempDir
    Path dir;

    private final TestLoop loop = TestLoop.create();

    @AfterEach
    void close() {
        loop.close();
    }

    @Test
    void aClassCompiledWithParametersBindsNamedParamsByTheirJavaNames() throws Exception {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        Assumptions.assumeTrue(javac != null, "no system Java compiler in this runtime: skipping");
        Path source = dir.resolve("src/com/example/Calculator.java");
        Files.createDirectories(source.getParent());
        Files.writeString(source, """
                package com.example;

                import io.corio.servers.rpc.RpcMethod;

                public class Calculator {
                    @RpcMethod("divide")
                    public double divide(double dividend, double divisor) {
                        return dividend / divisor;
                    }
                }
                """);
        Path classes = dir.resolve("classes");
        int status = javac.run(null, null, null, "-parameters", "-d", classes.toString(),
                "-cp", System.getProperty("java.class.path"), source.toString());
        assertThat(status).as("javac exit status").isZero();
        try (var loader = new URLClassLoader(new URL[] {classes.toUri().toURL()}, getClass().getClassLoader())) {
            RpcService service = RpcService.forName("com.example.Calculator", loader);
            assertSameJson(Dispatch.dispatch(loop, service,
                    "{\"jsonrpc\":\"2.0\",\"method\":\"divide\",\"params\":{\"divisor\":4,\"dividend\":10},"
                            + "\"id\":1}"),
                    "{\"jsonrpc\":\"2.0\",\"result\":2.5,\"id\":1}");
        }
    }
}
