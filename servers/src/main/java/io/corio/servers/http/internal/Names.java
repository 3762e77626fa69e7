package io.corio.servers.http.internal;

import java.nio.charset.StandardCharsets;

/**
 * Shared {@code String}s for the methods and header names that nearly every request carries, so parsing them
 * allocates nothing, and so that the parser recognises its special headers by identity.
 */
final class Names {
    static final String HOST = "Host";
    static final String CONTENT_LENGTH = "Content-Length";
    static final String TRANSFER_ENCODING = "Transfer-Encoding";
    static final String CONNECTION = "Connection";
    static final String EXPECT = "Expect";

    private static final String[] METHODS = {"GET", "PUT", "POST", "HEAD", "PATCH", "DELETE", "OPTIONS",
        "CONNECT", "TRACE"};
    private static final String[] HEADERS = {HOST, CONTENT_LENGTH, TRANSFER_ENCODING, CONNECTION, EXPECT,
        "Content-Type", "User-Agent", "Accept", "Accept-Encoding", "Accept-Language", "Cookie", "Authorization",
        "Cache-Control", "Origin", "Referer", "Upgrade", "Pragma", "If-None-Match", "If-Modified-Since", "Range",
        "Keep-Alive", "Te", "Trailer", "Content-Encoding", "X-Forwarded-For"};
    /** Candidates by length, for a quick miss. */
    private static final String[][] HEADERS_BY_LENGTH = byLength(HEADERS);
    private static final String[][] METHODS_BY_LENGTH = byLength(METHODS);

    private Names() {
    }

    /** The method in {@code b[0..len)}: a shared string for the standard methods (case-sensitive). */
    static String method(byte[] b, int len) {
        if (len < METHODS_BY_LENGTH.length) {
            for (String m : METHODS_BY_LENGTH[len]) {
                if (equalsAscii(b, len, m, false)) {
                    return m;
                }
            }
        }
        return new String(b, 0, len, StandardCharsets.ISO_8859_1);
    }

    /** The header name in {@code b[0..len)}: a shared string for the common names (matched ignoring case). */
    static String header(byte[] b, int len) {
        if (len < HEADERS_BY_LENGTH.length) {
            for (String h : HEADERS_BY_LENGTH[len]) {
                if (equalsAscii(b, len, h, true)) {
                    return h;
                }
            }
        }
        return new String(b, 0, len, StandardCharsets.ISO_8859_1);
    }

    /** Whether the comma-separated {@code list} has the element {@code token}, ignoring case and whitespace. */
    static boolean listContains(String list, String token) {
        int n = list.length();
        int i = 0;
        while (i < n) {
            int comma = list.indexOf(',', i);
            int end = comma < 0 ? n : comma;
            int s = i;
            int e = end;
            while (s < e && (list.charAt(s) == ' ' || list.charAt(s) == '\t')) {
                s++;
            }
            while (e > s && (list.charAt(e - 1) == ' ' || list.charAt(e - 1) == '\t')) {
                e--;
            }
            if (e - s == token.length() && list.regionMatches(true, s, token, 0, token.length())) {
                return true;
            }
            i = end + 1;
        }
        return false;
    }

    private static boolean equalsAscii(byte[] b, int len, String s, boolean ignoreCase) {
        for (int i = 0; i < len; i++) {
            int c = b[i];
            int d = s.charAt(i);
            if (c != d && (!ignoreCase || (c | 0x20) != (d | 0x20) || !Character.isLetter(d))) {
                return false;
            }
        }
        return true;
    }

    private static String[][] byLength(String[] names) {
        int max = 0;
        for (String n : names) {
            max = Math.max(max, n.length());
        }
        var table = new String[max + 1][];
        for (int len = 0; len <= max; len++) {
            final int l = len;
            table[len] = java.util.Arrays.stream(names).filter(n -> n.length() == l).toArray(String[]::new);
        }
        return table;
    }
}
