package io.corio.servers.launch;

/**
 * A listener could not start: its protocol is unknown or its class unusable, its TLS files are missing or bad,
 * its address is in use or not permitted. The message is one line that names the listener (and the address or
 * file when there is one); the launcher has closed whatever it had opened before throwing.
 */
public final class LaunchException extends Exception {
    private final String listener;

    public LaunchException(String listener, String message, Throwable cause) {
        super(message, cause);
        this.listener = listener;
    }

    /** The name of the listener that failed. */
    public String listener() {
        return listener;
    }
}
