package io.corio.servers.cli;

import io.corio.servers.config.ConfigLoader;
import io.corio.servers.config.CorioConfig;
import io.corio.servers.launch.UserClasspath;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** {@code corio serve}: every listener of a YAML file, until SIGINT or SIGTERM. */
@Command(name = "serve", sortOptions = false,
        header = "Run the listeners of a configuration file (default config/corio.yaml).",
        description = {"Start every listener of the configuration file, print one line listing their real "
                + "addresses, and serve until SIGINT or SIGTERM. The first signal stops accepting and lets open "
                + "connections finish for up to shutdown.timeout (30 s by default); a second signal closes at once. "
                + "Protocol classes named in the file are looked up on --classpath, then CORIO_CLASSPATH, then "
                + "lib/*.jar of the working directory and of the Corio directory."})
final class ServeCommand extends Serving {
    /** The Corio checkout bin/corio runs from (it passes {@code -Dcorio.home}); its lib/*.jar are searched too. */
    static final String CORIO_HOME = "corio.home";

    @Mixin
    HelpOption help;

    @Option(names = {"-c", "--config"}, paramLabel = "FILE", defaultValue = "config/corio.yaml",
            description = "The configuration file (default: ${DEFAULT-VALUE}).")
    Path config;

    @Option(names = "--classpath", paramLabel = "PATH",
            description = "Directories and jars with your protocol classes, separated by '${sys:path.separator}'; "
                    + "'dir/*' means every jar in dir. Repeatable.")
    List<String> classpath = new ArrayList<>();

    /** The environment ({@code CORIO_CLASSPATH}); tests replace it. */
    Map<String, String> env = System.getenv();

    @Override
    public Integer call() {
        CorioConfig loaded = load(configFile(config));
        var libs = new ArrayList<Path>();
        libs.add(Path.of("lib"));
        String home = System.getProperty(CORIO_HOME);
        if (home != null && !home.isBlank()) {
            libs.add(Path.of(home, "lib"));
        }
        var userClasses = UserClasspath.of(classpath, env.get("CORIO_CLASSPATH"), libs);
        return serve(loaded, registry.classpath(userClasses));
    }

    /**
     * The file to read: {@code file} itself, except that the default {@code config/corio.yaml}, when the working
     * directory has none, is the one of the Corio checkout {@code bin/corio} runs from ({@code -Dcorio.home}), so
     * {@code bin/corio serve} works from any directory.
     */
    static Path configFile(Path file) {
        String home = System.getProperty(CORIO_HOME);
        if (file.equals(CheckCommand.DEFAULT_FILE) && !Files.exists(file) && home != null && !home.isBlank()) {
            return Path.of(home).resolve(file);
        }
        return file;
    }

    /**
     * Reads {@code file} with the YAML loader. Its {@code ConfigException} (a missing file, or file:line:column: key:
     * problem) reaches {@link Errors}, which prints its one line and exits 2, as {@code corio check} does.
     */
    static CorioConfig load(Path file) {
        return ConfigLoader.load(file);
    }
}
