package io.corio.servers.http;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * HTTP header fields: names compare case-insensitively, a name may repeat, and the order of arrival is kept.
 * Stored as one array of name/value pairs and searched linearly, which is faster than a map for the handful of
 * fields a request carries. Not thread-safe; a request's headers belong to its handler.
 *
 * <p>{@link #add} and {@link #set} reject names that are not HTTP tokens and values holding CR, LF or other
 * control characters (so a response cannot be split by a value taken from user input), and characters above
 * U+00FF (fields travel as ISO-8859-1).
 */
public final class HttpHeaders {
    private static final String[] EMPTY = new String[0];

    private String[] pairs = EMPTY;
    private int size;

    /** The number of fields (a repeated name counts once per field). */
    public int size() {
        return size;
    }

    public boolean isEmpty() {
        return size == 0;
    }

    /** The name of field {@code i}, as it arrived or was added. */
    public String name(int i) {
        checkIndex(i);
        return pairs[2 * i];
    }

    /** The value of field {@code i}. */
    public String value(int i) {
        checkIndex(i);
        return pairs[2 * i + 1];
    }

    /** The first value of {@code name}, or null. */
    public String get(String name) {
        for (int i = 0; i < size; i++) {
            if (pairs[2 * i].equalsIgnoreCase(name)) {
                return pairs[2 * i + 1];
            }
        }
        return null;
    }

    /** Every value of {@code name} in order (empty when there is none). */
    public List<String> getAll(String name) {
        List<String> values = new ArrayList<>(2);
        for (int i = 0; i < size; i++) {
            if (pairs[2 * i].equalsIgnoreCase(name)) {
                values.add(pairs[2 * i + 1]);
            }
        }
        return values;
    }

    public boolean contains(String name) {
        return get(name) != null;
    }

    /**
     * Whether a field {@code name} lists {@code token} among its comma-separated elements, ignoring case and
     * optional whitespace: {@code containsToken("Connection", "close")} for {@code Connection: keep-alive, Close}.
     */
    public boolean containsToken(String name, String token) {
        for (int i = 0; i < size; i++) {
            if (pairs[2 * i].equalsIgnoreCase(name) && listContains(pairs[2 * i + 1], token)) {
                return true;
            }
        }
        return false;
    }

    /** Adds a field, keeping those with the same name. Returns this. */
    public HttpHeaders add(String name, String value) {
        checkName(name);
        checkValue(name, value);
        if (2 * size == pairs.length) {
            pairs = Arrays.copyOf(pairs, Math.max(8, pairs.length * 2));
        }
        pairs[2 * size] = name;
        pairs[2 * size + 1] = value;
        size++;
        return this;
    }

    /** Replaces every field {@code name} with one field holding {@code value}. Returns this. */
    public HttpHeaders set(String name, String value) {
        remove(name);
        return add(name, value);
    }

    /** Removes every field {@code name}; returns how many were removed. */
    public int remove(String name) {
        int kept = 0;
        for (int i = 0; i < size; i++) {
            if (!pairs[2 * i].equalsIgnoreCase(name)) {
                pairs[2 * kept] = pairs[2 * i];
                pairs[2 * kept + 1] = pairs[2 * i + 1];
                kept++;
            }
        }
        int removed = size - kept;
        Arrays.fill(pairs, 2 * kept, 2 * size, null);
        size = kept;
        return removed;
    }

    /** Calls {@code action} with each name and value, in order. */
    public void forEach(BiConsumer<String, String> action) {
        for (int i = 0; i < size; i++) {
            action.accept(pairs[2 * i], pairs[2 * i + 1]);
        }
    }

    private void checkIndex(int i) {
        if (i < 0 || i >= size) {
            throw new IndexOutOfBoundsException("header index " + i + " out of 0.." + (size - 1));
        }
    }

    static boolean listContains(String list, String token) {
        int n = list.length();
        int i = 0;
        while (i < n) {
            while (i < n && (list.charAt(i) == ' ' || list.charAt(i) == '\t' || list.charAt(i) == ',')) {
                i++;
            }
            int start = i;
            while (i < n && list.charAt(i) != ',') {
                i++;
            }
            int end = i;
            while (end > start && (list.charAt(end - 1) == ' ' || list.charAt(end - 1) == '\t')) {
                end--;
            }
            if (end - start == token.length() && list.regionMatches(true, start, token, 0, token.length())) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether {@code c} may appear in an HTTP token (RFC 9110 section 5.6.2); false for anything outside ASCII,
     * including the negative values of signed bytes 0x80..0xff.
     */
    public static boolean isTokenChar(int c) {
        return c >= 0 && c < 128 && TOKEN[c];
    }

    private static final boolean[] TOKEN = new boolean[128];

    static {
        for (int c = 'a'; c <= 'z'; c++) {
            TOKEN[c] = true;
            TOKEN[c - 32] = true;
        }
        for (int c = '0'; c <= '9'; c++) {
            TOKEN[c] = true;
        }
        for (char c : "!#$%&'*+-.^_`|~".toCharArray()) {
            TOKEN[c] = true;
        }
    }

    private static void checkName(String name) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("a header name must not be empty");
        }
        for (int i = 0; i < name.length(); i++) {
            if (!isTokenChar(name.charAt(i))) {
                throw new IllegalArgumentException("invalid character 0x" + Integer.toHexString(name.charAt(i))
                        + " in header name \"" + name + "\"");
            }
        }
    }

    private static void checkValue(String name, String value) {
        if (value == null) {
            throw new IllegalArgumentException("header " + name + " must not have a null value");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if ((c < 0x20 && c != '\t') || c == 0x7f || c > 0xff) {
                throw new IllegalArgumentException("invalid character 0x" + Integer.toHexString(c)
                        + " in the value of header " + name);
            }
        }
    }

    @Override
    public String toString() {
        var sb = new StringBuilder("HttpHeaders[");
        for (int i = 0; i < size; i++) {
            sb.append(i == 0 ? "" : ", ").append(pairs[2 * i]).append(": ").append(pairs[2 * i + 1]);
        }
        return sb.append(']').toString();
    }
}
