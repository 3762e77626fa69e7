package io.corio.servers.cli;

import picocli.CommandLine.IVersionProvider;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * Corio's version: the {@code Implementation-Version} of the jar manifest (servers/pom.xml sets it in
 * corio.jar), else the {@code corio-version.properties} resource that Maven filters at build time, else
 * {@code "dev"}.
 */
public final class CorioVersion {
    static final String RESOURCE = "corio-version.properties";

    private CorioVersion() {
    }

    /** The version string, never null. */
    public static String get() {
        String fromManifest = CorioVersion.class.getPackage().getImplementationVersion();
        if (fromManifest != null && !fromManifest.isBlank()) {
            return fromManifest;
        }
        return fromResource(CorioVersion.class.getResourceAsStream(RESOURCE));
    }

    /** The {@code version} property of {@code in} (closed here), or "dev" when it is missing or unfiltered. */
    static String fromResource(InputStream in) {
        if (in == null) {
            return "dev";
        }
        var props = new Properties();
        try (in) {
            props.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
        String version = props.getProperty("version", "").strip();
        return version.isEmpty() || version.contains("${") ? "dev" : version;
    }

    /** For {@code corio --version}. */
    public static final class Provider implements IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"corio " + get()};
        }
    }
}
