package io.corio.servers.launch;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Where user protocol classes ({@code protocol: com.example.MyProtocol}) are looked up, in this order: the
 * {@code --classpath} entries, the {@code CORIO_CLASSPATH} entries, the jars in the {@code lib/} directories (of the
 * working directory, then of the Corio checkout that {@code bin/corio} runs from); then Corio's own classpath. An entry is a directory of classes, a jar, or {@code dir/*} for every jar
 * in a directory (as {@code java -cp} reads it); entries are separated by {@link File#pathSeparator}. Entries that
 * do not exist are kept, so that "class not found" can show them as missing.
 *
 * @param entries the directories and jars, in search order
 */
public record UserClasspath(List<Path> entries) {
    public static final UserClasspath NONE = new UserClasspath(List.of());

    public UserClasspath {
        entries = List.copyOf(entries);
    }

    /**
     * @param option     the {@code --classpath} values (each may hold several entries), possibly empty
     * @param env        the value of {@code CORIO_CLASSPATH}, or null
     * @param libDirs    directories whose {@code *.jar} are added, in order (missing ones are skipped)
     */
    public static UserClasspath of(List<String> option, String env, List<Path> libDirs) {
        var entries = new ArrayList<Path>();
        for (String value : option) {
            addAll(entries, value);
        }
        if (env != null) {
            addAll(entries, env);
        }
        for (Path lib : libDirs.stream().map(p -> p.toAbsolutePath().normalize()).distinct().toList()) {
            jarsIn(lib, entries);
        }
        return new UserClasspath(entries);
    }

    private static void addAll(List<Path> entries, String value) {
        for (String entry : value.split(File.pathSeparator)) {
            if (entry.isBlank()) {
                continue;
            }
            if (entry.equals("*") || entry.endsWith(File.separator + "*")) {
                jarsIn(Path.of(entry.substring(0, entry.length() - 1).isEmpty() ? "."
                        : entry.substring(0, entry.length() - 1)), entries);
            } else {
                entries.add(Path.of(entry));
            }
        }
    }

    private static void jarsIn(Path dir, List<Path> entries) {
        if (!Files.isDirectory(dir)) {
            return;
        }
        var jars = new ArrayList<Path>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir, "*.jar")) {
            stream.forEach(jars::add);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the jars in " + dir, e);
        }
        jars.sort(null);
        entries.addAll(jars);
    }

    /**
     * A class loader over the entries that exist, delegating to {@code parent} first (so Corio's classes are
     * shared); {@code parent} itself when there is none.
     */
    public ClassLoader classLoader(ClassLoader parent) {
        var urls = new ArrayList<URL>();
        for (Path entry : entries) {
            if (Files.exists(entry)) {
                try {
                    urls.add(entry.toAbsolutePath().toUri().toURL());
                } catch (MalformedURLException e) {
                    throw new IllegalArgumentException("bad classpath entry " + entry + ": " + e.getMessage(), e);
                }
            }
        }
        return urls.isEmpty() ? parent : new URLClassLoader("corio-user", urls.toArray(URL[]::new), parent);
    }

    /** The entries as an error message lists them: {@code lib/a.jar, /opt/x (missing)}, or {@code (none)}. */
    public String describe() {
        if (entries.isEmpty()) {
            return "(none)";
        }
        var s = new StringBuilder();
        for (Path entry : entries) {
            if (!s.isEmpty()) {
                s.append(", ");
            }
            s.append(entry).append(Files.exists(entry) ? "" : " (missing)");
        }
        return s.toString();
    }
}
