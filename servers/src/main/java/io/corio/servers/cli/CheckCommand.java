package io.corio.servers.cli;

import io.corio.servers.config.ConfigLoader;
import io.corio.servers.config.CorioConfig;
import io.corio.servers.config.ListenerConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code corio check [-c FILE]}: reads and validates a configuration file as {@code corio serve} would, and checks
 * that the TLS and static files it names can be read, without binding a socket or loading a class. Prints
 * {@code FILE: ok, N listeners} and one line per listener; a bad file is one error line and exit code
 * {@link ExitCodes#USAGE} (through {@link Errors}, which maps every {@code ConfigException} to it).
 */
@Command(name = "check", sortOptions = false,
        header = "Validate a configuration file without starting anything.",
        description = {"Read the YAML configuration as 'corio serve' would and report the first mistake with its "
                + "file, line, column and key. Also checks that the TLS certificate, key and CA files and the HTTP "
                + "root it names exist and can be read. Binds no socket and loads no protocol class.",
                "", "Reference of the format: docs/configuration.md"})
final class CheckCommand implements Callable<Integer> {
    static final Path DEFAULT_FILE = Path.of("config", "corio.yaml");

    @Spec
    CommandSpec spec;

    @Mixin
    HelpOption help;

    @Option(names = {"-c", "--config"}, paramLabel = "FILE",
            description = "The configuration file (default: ${DEFAULT-VALUE}).")
    Path file = DEFAULT_FILE;

    @Override
    public Integer call() {
        Path file = ServeCommand.configFile(this.file);
        CorioConfig config = ConfigLoader.check(file);
        PrintWriter out = spec.commandLine().getOut();
        int n = config.listeners().size();
        out.println(file + ": ok, " + n + (n == 1 ? " listener" : " listeners"));
        var rows = new ArrayList<List<String>>();
        for (ListenerConfig listener : config.listeners()) {
            rows.add(List.of(listener.name(), listener.protocol(), listener.address(),
                    "workers " + listener.workers()));
        }
        if (config.admin() != null) {
            String host = config.admin().host();
            rows.add(List.of("(admin)", "http", "tcp://" + (host.contains(":") ? "[" + host + "]" : host) + ":"
                    + config.admin().port(), "/healthz /metrics /tasks"));
        }
        printTable(out, rows);
        out.flush();
        return ExitCodes.OK;
    }

    /** Two spaces of indent, columns padded to their widest cell. */
    private static void printTable(PrintWriter out, List<List<String>> rows) {
        int columns = rows.getFirst().size();
        int[] widths = new int[columns];
        for (List<String> row : rows) {
            for (int c = 0; c < columns; c++) {
                widths[c] = Math.max(widths[c], row.get(c).length());
            }
        }
        for (List<String> row : rows) {
            var line = new StringBuilder(" ");
            for (int c = 0; c < columns; c++) {
                line.append(' ').append(c == columns - 1 ? row.get(c) : pad(row.get(c), widths[c]));
                if (c < columns - 1) {
                    line.append(' ');
                }
            }
            out.println(line);
        }
    }

    private static String pad(String s, int width) {
        return s + " ".repeat(width - s.length());
    }
}
