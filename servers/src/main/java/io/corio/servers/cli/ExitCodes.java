package io.corio.servers.cli;

import java.util.LinkedHashMap;
import java.util.Map;

/** The exit codes of every {@code corio} command, listed in each command's usage help and in docs/cli.md. */
public final class ExitCodes {
    /** The command did what was asked. */
    public static final int OK = 0;
    /** The command ran and failed (a server error, a failed check, a bug). */
    public static final int FAILURE = 1;
    /** The command line was wrong (unknown command or option, missing or bad value), or the configuration file. */
    public static final int USAGE = 2;
    /** The environment cannot run Corio: no JDK 25, a missing JVM flag, the build failed. */
    public static final int ENVIRONMENT = 3;

    private ExitCodes() {
    }

    /** The list for picocli's usage help: code to description, in order. */
    static Map<String, String> usageList() {
        var codes = new LinkedHashMap<String, String>();
        codes.put(" " + OK, "success");
        codes.put(" " + FAILURE, "runtime failure: the command ran and failed");
        codes.put(" " + USAGE, "usage error: unknown command or option, bad value, bad configuration file");
        codes.put(" " + ENVIRONMENT, "environment problem: no JDK 25, a missing JVM flag, or bin/corio could "
                + "not build the jar");
        return codes;
    }
}
