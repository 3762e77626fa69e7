package io.corio.servers.cli;

import io.corio.loop.internal.VirtualThreads;
import io.corio.servers.config.ConfigException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

import java.io.PrintWriter;

/**
 * The error policy of every command. A usage error prints what was wrong, suggestions when picocli has some, and
 * where to find help, then exits {@link ExitCodes#USAGE}. A command that throws prints one line,
 * {@code <command>: <message>}, and exits with the code the exception maps to: a {@link CommandFailure}'s own,
 * {@link ExitCodes#USAGE} for a bad configuration file ({@link ConfigException}, already one positioned line),
 * {@link ExitCodes#ENVIRONMENT} when the loop reports the missing JVM flag, {@link ExitCodes#FAILURE} otherwise.
 * The stack trace follows only with {@code --verbose} or {@code CORIO_DEBUG=1}.
 */
final class Errors implements IExecutionExceptionHandler, IParameterExceptionHandler {
    private final boolean debug;

    /** @param debug print stack traces even without {@code --verbose} (CORIO_DEBUG=1) */
    Errors(boolean debug) {
        this.debug = debug;
    }

    @Override
    public int handleExecutionException(Exception ex, CommandLine command, ParseResult parseResult) {
        PrintWriter err = command.getErr();
        String name = command.getCommandSpec().qualifiedName();
        boolean trace = debug || verbose(parseResult);
        int code;
        String message;
        if (ex instanceof CommandFailure failure) {
            code = failure.exitCode();
            message = firstLine(failure.getMessage());
        } else if (ex instanceof ConfigException config) {
            code = ExitCodes.USAGE;
            message = firstLine(config.getMessage());
        } else if (missingJvmFlag(ex)) {
            code = ExitCodes.ENVIRONMENT;
            message = "coroutines cannot run in this JVM: start it with " + VirtualThreads.REQUIRED_FLAG
                    + " (bin/corio passes it; java -jar corio.jar reads it from the manifest)";
        } else {
            code = ExitCodes.FAILURE;
            message = ex.getClass().getSimpleName() + (ex.getMessage() == null ? "" : ": " + firstLine(ex.getMessage()))
                    + (trace ? "" : " (--verbose shows the stack trace)");
        }
        err.println(name + ": " + message);
        if (trace) {
            ex.printStackTrace(err);
        }
        err.flush();
        return code;
    }

    @Override
    public int handleParseException(ParameterException ex, String[] args) {
        CommandLine command = ex.getCommandLine();
        PrintWriter err = command.getErr();
        String name = command.getCommandSpec().qualifiedName();
        if (ex instanceof UnmatchedArgumentException unmatched && isUnknownCommand(unmatched)) {
            err.println(name + ": unknown command '" + unmatched.getUnmatched().getFirst() + "'");
            suggest(err, unmatched);
            err.println("Commands: " + String.join(", ", command.getSubcommands().keySet()) + ". Try '" + name
                    + " --help' for more information.");
        } else {
            err.println(name + ": " + firstLine(ex.getMessage()));
            if (ex instanceof UnmatchedArgumentException unmatched) {
                suggest(err, unmatched);
            }
            err.println("Try '" + name + " --help' for more information.");
        }
        err.flush();
        return ExitCodes.USAGE;
    }

    /** An argument where a subcommand name was expected. */
    private static boolean isUnknownCommand(UnmatchedArgumentException ex) {
        CommandLine command = ex.getCommandLine();
        return !command.getSubcommands().isEmpty() && !ex.isUnknownOption() && !ex.getUnmatched().isEmpty()
                && command.getCommandSpec().positionalParameters().isEmpty();
    }

    private static void suggest(PrintWriter err, UnmatchedArgumentException ex) {
        if (!ex.getSuggestions().isEmpty()) {
            err.println("Did you mean: " + String.join(" or ", ex.getSuggestions()) + "?");
        }
    }

    /** True if {@code --verbose} was given to the command or any of its parents. */
    private static boolean verbose(ParseResult result) {
        for (ParseResult r = result; r != null; r = r.subcommand()) {
            if (r.hasMatchedOption("--verbose")) {
                return true;
            }
        }
        return false;
    }

    /** True if {@code error} or one of its causes is the loop's report that coroutines need the JVM flag. */
    static boolean missingJvmFlag(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof UnsupportedOperationException && t.getMessage() != null
                    && t.getMessage().contains(VirtualThreads.REQUIRED_FLAG)) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "(no message)";
        }
        String s = message.strip();
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl).strip() + " ...";
    }
}
