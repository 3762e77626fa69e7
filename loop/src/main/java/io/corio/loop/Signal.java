package io.corio.loop;

/**
 * POSIX signals a loop can handle with {@link EventLoop#addSignalHandler}. The JVM reserves others (SIGQUIT for
 * thread dumps, SIGSEGV, SIGBUS, ...); installing a handler for a signal the JVM uses fails with a message that
 * names it.
 */
public enum Signal {
    /** Interrupt from the terminal (Ctrl-C). The JVM's default starts shutdown. */
    INT,
    /** Polite termination request ({@code kill PID}). The JVM's default starts shutdown. */
    TERM,
    /** Hang-up; servers conventionally reload their configuration on it. The JVM's default starts shutdown. */
    HUP,
    /** User-defined signal 1 (ignored by the JVM by default... where the JVM does not use it itself). */
    USR1,
    /** User-defined signal 2. HotSpot may use it internally; installing a handler then fails. */
    USR2,
    /** Terminal window size changed. */
    WINCH,
    /** A child process stopped or terminated. */
    CHLD;

    /** The signal's name without the {@code SIG} prefix, as {@code kill -l} prints it. */
    public String posixName() {
        return name();
    }
}
