package io.corio.servers.http.client;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * HTTP header fields in the order they were added: names compare case-insensitively (ASCII), a name may occur
 * several times. The client's own container (the HTTP server has its own; they may be unified later).
 *
 * <p>Not thread-safe; a response's headers are not modified after the response completes. Names and values are
 * checked when added: a name must be an RFC 9110 token, a value must not hold CR, LF or NUL (no header injection).
 */
public final class HttpClientHeaders {
    private String[] names;
    private String[] values;
    private int size;

    public HttpClientHeaders() {
        this(8);
    }

    private HttpClientHeaders(int capacity) {
        names = new String[capacity];
        values = new String[capacity];
    }

    /** A copy of {@code other}. */
    public static HttpClientHeaders copyOf(HttpClientHeaders other) {
        var copy = new HttpClientHeaders(Math.max(other.size, 4));
        System.arraycopy(other.names, 0, copy.names, 0, other.size);
        System.arraycopy(other.values, 0, copy.values, 0, other.size);
        copy.size = other.size;
        return copy;
    }

    /**
     * Appends a field.
     *
     * @throws IllegalArgumentException if the name is not a token or the value holds CR, LF or NUL
     */
    public HttpClientHeaders add(String name, String value) {
        checkName(name);
        checkValue(name, value);
        return addUnchecked(name, value);
    }

    private HttpClientHeaders addUnchecked(String name, String value) {
        if (size == names.length) {
            names = Arrays.copyOf(names, size * 2);
            values = Arrays.copyOf(values, size * 2);
        }
        names[size] = name;
        values[size] = value;
        size++;
        return this;
    }

    /** Replaces every field named {@code name} by one with {@code value}. */
    public HttpClientHeaders set(String name, String value) {
        checkName(name);
        checkValue(name, value);
        remove(name);
        return addUnchecked(name, value);
    }

    /** Removes every field named {@code name}; returns how many were removed. */
    public int remove(String name) {
        int kept = 0;
        for (int i = 0; i < size; i++) {
            if (!names[i].equalsIgnoreCase(name)) {
                names[kept] = names[i];
                values[kept] = values[i];
                kept++;
            }
        }
        int removed = size - kept;
        Arrays.fill(names, kept, size, null);
        Arrays.fill(values, kept, size, null);
        size = kept;
        return removed;
    }

    /** The first value of {@code name}, or null. */
    public String get(String name) {
        for (int i = 0; i < size; i++) {
            if (names[i].equalsIgnoreCase(name)) {
                return values[i];
            }
        }
        return null;
    }

    /** Every value of {@code name}, in order (empty if none). */
    public List<String> getAll(String name) {
        List<String> all = null;
        for (int i = 0; i < size; i++) {
            if (names[i].equalsIgnoreCase(name)) {
                if (all == null) {
                    all = new ArrayList<>(2);
                }
                all.add(values[i]);
            }
        }
        return all == null ? List.of() : Collections.unmodifiableList(all);
    }

    public boolean contains(String name) {
        return get(name) != null;
    }

    /**
     * True if a comma-separated list in any field named {@code name} holds {@code token} (case-insensitive), as
     * {@code Connection: keep-alive, Upgrade} holds {@code upgrade}.
     */
    public boolean containsToken(String name, String token) {
        for (int i = 0; i < size; i++) {
            if (names[i].equalsIgnoreCase(name) && listHolds(values[i], token)) {
                return true;
            }
        }
        return false;
    }

    /** The last element of the comma-separated lists of {@code name}, or null ({@code Transfer-Encoding}). */
    public String lastToken(String name) {
        String last = null;
        for (int i = 0; i < size; i++) {
            if (names[i].equalsIgnoreCase(name)) {
                String v = values[i];
                int comma = v.lastIndexOf(',');
                String t = (comma < 0 ? v : v.substring(comma + 1)).strip();
                if (!t.isEmpty()) {
                    last = t;
                }
            }
        }
        return last;
    }

    /** The distinct names, in first-seen order, as first spelled. */
    public Set<String> names() {
        var seen = new LinkedHashSet<String>();
        outer:
        for (int i = 0; i < size; i++) {
            for (String s : seen) {
                if (s.equalsIgnoreCase(names[i])) {
                    continue outer;
                }
            }
            seen.add(names[i]);
        }
        return seen;
    }

    /** The number of fields (a repeated name counts each time). */
    public int size() {
        return size;
    }

    public boolean isEmpty() {
        return size == 0;
    }

    /** The name of field {@code i}, {@code 0 <= i < size()}. */
    public String name(int i) {
        return names[checkIndex(i)];
    }

    /** The value of field {@code i}, {@code 0 <= i < size()}. */
    public String value(int i) {
        return values[checkIndex(i)];
    }

    private int checkIndex(int i) {
        if (i < 0 || i >= size) {
            throw new IndexOutOfBoundsException("field " + i + " of " + size);
        }
        return i;
    }

    private static boolean listHolds(String list, String token) {
        int start = 0;
        int n = list.length();
        while (start <= n) {
            int comma = list.indexOf(',', start);
            int end = comma < 0 ? n : comma;
            int a = start;
            int b = end;
            while (a < b && (list.charAt(a) == ' ' || list.charAt(a) == '\t')) {
                a++;
            }
            while (b > a && (list.charAt(b - 1) == ' ' || list.charAt(b - 1) == '\t')) {
                b--;
            }
            if (b - a == token.length() && list.regionMatches(true, a, token, 0, token.length())) {
                return true;
            }
            if (comma < 0) {
                return false;
            }
            start = comma + 1;
        }
        return false;
    }

    /** True for the characters of an RFC 9110 token. */
    public static boolean isTokenChar(int c) {
        if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
            return true;
        }
        return c < 128 && "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
    }

    private static void checkName(String name) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("header name must not be empty");
        }
        for (int i = 0; i < name.length(); i++) {
            if (!isTokenChar(name.charAt(i))) {
                throw new IllegalArgumentException("header name " + quote(name) + " holds " + quote(
                        String.valueOf(name.charAt(i))) + ", which is not a token character");
            }
        }
    }

    private static void checkValue(String name, String value) {
        if (value == null) {
            throw new IllegalArgumentException("header " + name + " must have a value (use \"\" for an empty one)");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\r' || c == '\n' || c == 0) {
                throw new IllegalArgumentException("header " + name + " value holds CR, LF or NUL at index " + i);
            }
        }
    }

    private static String quote(String s) {
        return '"' + s.replace("\r", "\\r").replace("\n", "\\n") + '"';
    }

    @Override
    public String toString() {
        var sb = new StringBuilder("HttpClientHeaders[");
        for (int i = 0; i < size; i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(names[i]).append(": ").append(values[i]);
        }
        return sb.append(']').toString();
    }
}
