/**
 * The {@code corio} command line, built with picocli. {@link io.corio.servers.cli.Main} is the entry point that
 * {@code bin/corio} and {@code java -jar corio.jar} run; each subcommand is one small class ({@code VersionCommand},
 * {@code DemoCommand}, ...) that prints to its command line's writers, so tests run it in-process.
 *
 * <p>Errors follow one policy, in {@code Errors}: one line on stderr (a stack trace only with {@code --verbose} or
 * {@code CORIO_DEBUG=1}) and the exit codes of {@link io.corio.servers.cli.ExitCodes}. Reference: {@code docs/cli.md}.
 */
package io.corio.servers.cli;
