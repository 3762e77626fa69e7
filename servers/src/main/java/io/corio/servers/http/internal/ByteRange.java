package io.corio.servers.http.internal;

/**
 * One byte range of a representation, {@code first..last} inclusive, as the {@code Range} header asks for it
 * (RFC 9110 section 14). Only a single range is served; see {@link #parse}.
 */
public record ByteRange(long first, long last) {
    /** The answer when the header asks for bytes that do not exist: 416 with {@code Content-Range: bytes * / size}. */
    public static final ByteRange UNSATISFIABLE = new ByteRange(-1, -1);

    public long length() {
        return last - first + 1;
    }

    /** The {@code Content-Range} value of a 206 for a representation of {@code size} bytes. */
    public String contentRange(long size) {
        return "bytes " + first + "-" + last + "/" + size;
    }

    /**
     * Reads a {@code Range} header against a representation of {@code size} bytes.
     *
     * @return the range to send (a {@code last} past the end is cut to the end; {@code bytes=-n} is the last n
     *         bytes); {@link #UNSATISFIABLE} when the one range starts at or past the end, or asks for the last 0
     *         bytes; null when the whole representation should be sent instead: no header, another unit, a
     *         malformed value (RFC 9110 lets a server ignore it), or several ranges (served whole rather than as
     *         multipart/byteranges)
     */
    public static ByteRange parse(String header, long size) {
        if (header == null) {
            return null;
        }
        String value = header.strip();
        if (value.length() < 6 || !value.regionMatches(true, 0, "bytes=", 0, 6)) {
            return null;
        }
        String spec = value.substring(6).strip();
        if (spec.indexOf(',') >= 0) {
            return null;
        }
        int dash = spec.indexOf('-');
        if (dash < 0) {
            return null;
        }
        String a = spec.substring(0, dash).strip();
        String b = spec.substring(dash + 1).strip();
        if (a.isEmpty()) {                       // suffix: the last n bytes
            long n = digits(b);
            if (n < 0) {
                return null;
            }
            if (n == 0 || size == 0) {
                return UNSATISFIABLE;
            }
            return new ByteRange(Math.max(0, size - n), size - 1);
        }
        long first = digits(a);
        long last = b.isEmpty() ? Long.MAX_VALUE : digits(b);
        if (first < 0 || last < 0 || last < first) {
            return null;
        }
        if (first >= size) {
            return UNSATISFIABLE;
        }
        return new ByteRange(first, Math.min(last, size - 1));
    }

    /** A non-negative decimal of at most 18 digits, or -1. */
    private static long digits(String s) {
        if (s.isEmpty() || s.length() > 18) {
            return -1;
        }
        long n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            n = n * 10 + (c - '0');
        }
        return n;
    }
}
