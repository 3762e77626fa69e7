package io.corio.loop;

/**
 * POSIX signals a loop can handle with {@link EventLoop#addSignalHandler}; on HotSpot 25 on Linux all of these can
 * be handled. The JVM reserves others (SIGQUIT for thread dumps, SIGSEGV, SIGBUS, ...), and a JVM started with
 * {@code -Xrs} refuses INT, TERM and HUP: installing such a handler fails with a message that names the signal.
 */
public enum Signal {
    /** Interrupt from the terminal (Ctrl-C). The JVM's default starts shutdown. */
    INT,
    /** Polite termination request ({@code kill PID}). The JVM's default starts shutdown. */
    TERM,
    /** Hang-up; servers conventionally reload their configuration on it. The JVM's default starts shutdown. */
    HUP,
    /** User-defined signal 1. */
    USR1,
    /** User-defined signal 2 (some JVMs use it internally; installing a handler then fails, naming it). */
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
