package io.corio.protocols;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** What the process-pool tests run in the workers: plain static methods, so stack frames have known names. */
final class PoolTasks {
    private PoolTasks() {
    }

    /** An exception whose field cannot be serialised, so it cannot travel back as itself. */
    static final class UnshippableException extends RuntimeException {
        private final transient Object ok = new Object();
        private final Object notSerializable = new Object();

        UnshippableException(String message) {
            super(message);
        }
    }

    /** This process's niceness: field 19 of /proc/self/stat (after the parenthesised command name). */
    static int niceness() throws IOException {
        String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/self/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Integer.parseInt(fields[16]);
    }

    static long pid() {
        return ProcessHandle.current().pid();
    }

    static String failWithIllegalState(String message) {
        throw new IllegalStateException(message);
    }

    static String failUnshippably() {
        throw new UnshippableException("cannot travel");
    }

    /** Sleeps {@code millis} and returns {pid, start, end} in wall-clock milliseconds. */
    static long[] sleepAndReport(long millis) throws InterruptedException {
        long start = System.currentTimeMillis();
        Thread.sleep(millis);
        return new long[] {pid(), start, System.currentTimeMillis()};
    }

    /** Creates {@code marker}, then sleeps: the test knows the task is running once the file exists. */
    static long markThenSleep(String marker, long millis) throws IOException, InterruptedException {
        Files.writeString(Path.of(marker), Long.toString(pid()));
        Thread.sleep(millis);
        return pid();
    }

    static int exitWith(int code) {
        System.exit(code);
        return code;
    }
}
