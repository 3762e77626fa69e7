package io.corio.servers.cli;

/**
 * Thrown by a command to end with a message and an exit code other than {@link ExitCodes#USAGE} (usage errors
 * are picocli {@code ParameterException}s). The message is printed as one line on stderr; the cause's stack trace
 * only with {@code --verbose} or {@code CORIO_DEBUG=1}.
 */
public final class CommandFailure extends RuntimeException {
    private final int exitCode;

    private CommandFailure(int exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    /** The command ran and failed: exit code {@link ExitCodes#FAILURE}. */
    public static CommandFailure failed(String message, Throwable cause) {
        return new CommandFailure(ExitCodes.FAILURE, message, cause);
    }

    /** The JVM or machine cannot run the command: exit code {@link ExitCodes#ENVIRONMENT}. */
    public static CommandFailure environment(String message, Throwable cause) {
        return new CommandFailure(ExitCodes.ENVIRONMENT, message, cause);
    }

    public int exitCode() {
        return exitCode;
    }
}
