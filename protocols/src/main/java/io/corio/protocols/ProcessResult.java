package io.corio.protocols;

import java.nio.charset.StandardCharsets;

/**
 * What {@link ChildProcess#communicate} collected.
 *
 * @param stdout   everything the child wrote to stdout, or null when stdout was not a pipe
 * @param stderr   everything the child wrote to stderr, or null when stderr was not a pipe
 * @param exitCode the exit code (128 + N for signal N)
 */
public record ProcessResult(byte[] stdout, byte[] stderr, int exitCode) {
    /** {@link #stdout()} decoded as UTF-8 ("" when not a pipe). */
    public String stdoutText() {
        return stdout == null ? "" : new String(stdout, StandardCharsets.UTF_8);
    }

    /** {@link #stderr()} decoded as UTF-8 ("" when not a pipe). */
    public String stderrText() {
        return stderr == null ? "" : new String(stderr, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "ProcessResult[exitCode=" + exitCode + ", stdout=" + (stdout == null ? "none" : stdout.length + " bytes")
                + ", stderr=" + (stderr == null ? "none" : stderr.length + " bytes") + "]";
    }
}
