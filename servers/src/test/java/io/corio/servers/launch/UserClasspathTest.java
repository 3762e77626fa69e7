package io.corio.servers.launch;

import io.corio.servers.config.CorioConfig;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.tools.ToolProvider;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/** Where user protocol classes are found: --classpath entries, CORIO_CLASSPATH, lib/*.jar; real compiled classes. */
class UserClasspathTest {
    private static final String SOURCE = """
            package com.example;
            public class Hello implements io.corio.transports.Protocol {
                public void connectionMade(io.corio.transports.Transport t) { t.write("hello from outside\\n"); }
            }
            """;

    /** Compiles com.example.Hello (not on the test classpath) into {@code dir/classes}. */
    private static Path compileHello(Path dir) throws IOException {
        var javac = ToolProvider.getSystemJavaCompiler();
        Assumptions.assumeTrue(javac != null, "no Java compiler in this runtime (a JRE?): cannot make a user class");
        Path source = dir.resolve("src/com/example/Hello.java");
        Files.createDirectories(source.getParent());
        Files.writeString(source, SOURCE);
        Path classes = dir.resolve("classes");
        int rc = javac.run(null, null, null, "-d", classes.toString(), "-cp", System.getProperty("java.class.path"),
                source.toString());
        assertThat(rc).as("javac exit code").isZero();
        return classes;
    }

    private static String greetingFrom(UserClasspath classpath) throws Exception {
        var registry = ServiceRegistry.empty().classpath(classpath);
        try (var launcher = Launcher.start(CorioConfig.of(Listeners.tcp("custom", "com.example.Hello", 0, 1)),
                registry, line -> { });
             var client = LineClient.connect(launcher.listeners().getFirst().port())) {
            return client.read();
        }
    }

    @Test
    void classInADirectoryNamedByClasspathIsServed(@TempDir Path dir) throws Exception {
        Path classes = compileHello(dir);

        assertThat(greetingFrom(UserClasspath.of(List.of(classes.toString()), null, List.of())))
                .isEqualTo("hello from outside");
    }

    @Test
    void jarInALibDirectoryIsServed(@TempDir Path dir) throws Exception {
        Path classes = compileHello(dir);
        Path jar = dir.resolve("lib/hello.jar");
        Files.createDirectories(jar.getParent());
        try (var out = new JarOutputStream(Files.newOutputStream(jar))) {
            out.putNextEntry(new JarEntry("com/example/Hello.class"));
            out.write(Files.readAllBytes(classes.resolve("com/example/Hello.class")));
            out.closeEntry();
        }

        UserClasspath classpath = UserClasspath.of(List.of(), null, List.of(dir.resolve("lib"), dir.resolve("lib")));

        assertThat(classpath.entries()).as("the same lib/ twice counts once").containsExactly(jar);
        assertThat(greetingFrom(classpath)).isEqualTo("hello from outside");
    }

    @Test
    void entriesComeFromTheOptionThenTheEnvironmentThenLib(@TempDir Path dir) throws IOException {
        Path a = Files.createDirectories(dir.resolve("a"));
        Path jars = Files.createDirectories(dir.resolve("jars"));
        Files.createFile(jars.resolve("y.jar"));
        Files.createFile(jars.resolve("x.jar"));
        Files.createFile(jars.resolve("notes.txt"));
        Path lib = Files.createDirectories(dir.resolve("lib"));
        Files.createFile(lib.resolve("z.jar"));

        UserClasspath classpath = UserClasspath.of(List.of(a + File.pathSeparator + jars + File.separator + "*"),
                dir.resolve("env-dir").toString(), List.of(lib, dir.resolve("no-such-lib")));

        assertThat(classpath.entries()).containsExactly(a, jars.resolve("x.jar"), jars.resolve("y.jar"),
                dir.resolve("env-dir"), lib.resolve("z.jar"));
        assertThat(classpath.describe()).contains(dir.resolve("env-dir") + " (missing)")
                .doesNotContain(a + " (missing)");
    }
}
