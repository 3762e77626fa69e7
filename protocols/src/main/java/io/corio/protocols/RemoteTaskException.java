package io.corio.protocols;

/**
 * A task failed in a {@link ProcessPoolExecutor} worker with an exception that could not be rebuilt in this JVM
 * (its class does not load here, or it could not be serialised in the worker). Carries the original class name
 * and message, and the stack trace exactly as it was in the worker ({@link #getStackTrace()}).
 *
 * <p>When the original exception <em>can</em> be rebuilt, the pool delivers it unchanged (same class, message,
 * cause and worker stack trace) with a {@code RemoteTaskException} attached as a suppressed exception that names
 * the worker: {@code e.getSuppressed()}.
 */
public class RemoteTaskException extends RuntimeException {
    private final String remoteClassName;
    private final long pid;

    public RemoteTaskException(String message, String remoteClassName, long pid) {
        super(message, null, true, true);
        this.remoteClassName = remoteClassName;
        this.pid = pid;
    }

    /** The class name of the exception the task threw in the worker. */
    public String remoteClassName() {
        return remoteClassName;
    }

    /** The process id of the worker the task ran in. */
    public long pid() {
        return pid;
    }
}
