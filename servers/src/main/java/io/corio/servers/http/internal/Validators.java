package io.corio.servers.http.internal;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * The validators of a static file and the conditional request headers that use them (RFC 9110 sections 8.8 and
 * 13): a strong {@code ETag} made of the modification time and the size, {@code Last-Modified} as an IMF-fixdate,
 * and the comparisons behind {@code If-None-Match}, {@code If-Modified-Since} and {@code If-Range}. Pure.
 */
public final class Validators {
    /** IMF-fixdate: {@code Sun, 06 Nov 1994 08:49:37 GMT} (two-digit day, unlike RFC_1123_DATE_TIME). */
    private static final DateTimeFormatter IMF_FIXDATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);

    private Validators() {
    }

    /**
     * The entity tag of a file of {@code size} bytes last modified at {@code mtimeNanos} since the epoch:
     * {@code "<mtime hex>-<size hex>"}, strong (what nginx and Apache do), so that {@code If-Range} may use it.
     */
    public static String etag(long size, long mtimeNanos) {
        return "\"" + Long.toHexString(mtimeNanos) + "-" + Long.toHexString(size) + "\"";
    }

    /** {@code epochMillis} as an IMF-fixdate, to the second. */
    public static String httpDate(long epochMillis) {
        return IMF_FIXDATE.format(Instant.ofEpochMilli(epochMillis));
    }

    /** An IMF-fixdate as milliseconds since the epoch, or -1 when it is not one (the header is then ignored). */
    public static long parseHttpDate(String value) {
        if (value == null) {
            return -1;
        }
        try {
            return Instant.from(IMF_FIXDATE.parse(value.strip())).toEpochMilli();
        } catch (DateTimeParseException e) {
            return -1;
        }
    }

    /**
     * True when {@code ifNoneMatch} ({@code *} or a list of entity tags) matches {@code etag} by the weak
     * comparison: {@code W/"x"} matches {@code "x"}. A 304 follows for GET and HEAD.
     */
    public static boolean noneMatchFails(String ifNoneMatch, String etag) {
        String value = ifNoneMatch.strip();
        if (value.equals("*")) {
            return true;
        }
        String opaque = opaque(etag);
        int i = 0;
        while (i < value.length()) {
            int start = value.indexOf('"', i);
            if (start < 0) {
                return false;
            }
            int end = value.indexOf('"', start + 1);
            if (end < 0) {
                return false;
            }
            if (value.regionMatches(start, opaque, 0, opaque.length()) && end - start + 1 == opaque.length()) {
                return true;
            }
            i = end + 1;
        }
        return false;
    }

    /** True when the file, modified at {@code mtimeMillis}, has not changed since the {@code If-Modified-Since} date. */
    public static boolean notModifiedSince(String ifModifiedSince, long mtimeMillis) {
        long since = parseHttpDate(ifModifiedSince);
        return since >= 0 && mtimeMillis / 1000 <= since / 1000;
    }

    /**
     * True when the {@code If-Range} condition holds and the range may be served: the strong comparison with the
     * entity tag (a weak tag never matches), or a date exactly equal to {@code Last-Modified}. Otherwise the whole
     * file is sent.
     */
    public static boolean ifRangeHolds(String ifRange, String etag, long mtimeMillis) {
        String value = ifRange.strip();
        if (value.startsWith("\"")) {
            return value.equals(etag);
        }
        if (value.startsWith("W/")) {
            return false;
        }
        long date = parseHttpDate(value);
        return date >= 0 && date / 1000 == mtimeMillis / 1000;
    }

    /** The quoted part of an entity tag, without a {@code W/} prefix. */
    private static String opaque(String etag) {
        return etag.startsWith("W/") ? etag.substring(2) : etag;
    }
}
