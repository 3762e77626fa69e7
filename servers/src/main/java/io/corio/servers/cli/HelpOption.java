package io.corio.servers.cli;

import picocli.CommandLine.Option;

/** {@code -h, --help} for a subcommand (the top command also has {@code --version}). Use with {@code @Mixin}. */
final class HelpOption {
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;
}
