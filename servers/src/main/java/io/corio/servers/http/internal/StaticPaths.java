package io.corio.servers.http.internal;

import java.io.ByteArrayOutputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns the still percent-encoded path of a request into the relative path of a file under a static root, or
 * says why it must not be served. Pure: touches no file system; the symlink check (the real path must stay under
 * the real root) is the caller's, once the file is known to exist.
 *
 * <p>Each segment is decoded on its own, strictly. Refused with a reason (a 400): a path not starting with
 * {@code /}, a malformed escape or invalid UTF-8, a NUL or other control character, an encoded {@code /} or
 * {@code \} (it would join segments after the check), a backslash, and a {@code ..} segment, literal or encoded.
 * Empty and {@code .} segments are skipped. Segments starting with a dot ({@code .git}, {@code .env}) are hidden:
 * {@link #isHidden} says so and the handler answers 404.
 */
public final class StaticPaths {
    private StaticPaths() {
    }

    /** The outcome: the decoded segments, or the reason the path is refused. */
    public record Resolved(List<String> segments, String refusal) {
        public boolean refused() {
            return refusal != null;
        }

        /** The segments joined under {@code root} (only when not refused). */
        public Path under(Path root) {
            Path p = root;
            for (String s : segments) {
                p = p.resolve(s);
            }
            return p;
        }

        /** True when a segment starts with a dot. */
        public boolean isHidden() {
            for (String s : segments) {
                if (s.charAt(0) == '.') {
                    return true;
                }
            }
            return false;
        }
    }

    /** Decodes and checks {@code encodedPath} (the request path without the query, as sent). */
    public static Resolved resolve(String encodedPath) {
        if (encodedPath == null || encodedPath.isEmpty() || encodedPath.charAt(0) != '/') {
            return refuse("the path must start with /");
        }
        var segments = new ArrayList<String>();
        int start = 1;
        while (start <= encodedPath.length()) {
            int end = encodedPath.indexOf('/', start);
            if (end < 0) {
                end = encodedPath.length();
            }
            String raw = encodedPath.substring(start, end);
            start = end + 1;
            String segment = decodeSegment(raw);
            if (segment == null) {
                return refuse("malformed percent-encoding or UTF-8 in path segment \"" + printable(raw) + "\"");
            }
            String problem = check(segment);
            if (problem != null) {
                return refuse(problem + " in path segment \"" + printable(raw) + "\"");
            }
            if (!segment.isEmpty() && !segment.equals(".")) {
                segments.add(segment);
            }
        }
        return new Resolved(List.copyOf(segments), null);
    }

    private static String check(String segment) {
        if (segment.equals("..")) {
            return "\"..\" is not allowed";
        }
        for (int i = 0; i < segment.length(); i++) {
            char c = segment.charAt(i);
            if (c == '/' || c == '\\') {
                return "an encoded or literal path separator is not allowed";
            }
            if (c < 0x20 || c == 0x7f) {
                return "a control character (such as NUL) is not allowed";
            }
        }
        return null;
    }

    /** The segment with its {@code %XX} escapes decoded as UTF-8; null when an escape or the UTF-8 is malformed. */
    static String decodeSegment(String raw) {
        if (raw.indexOf('%') < 0) {
            return raw;
        }
        var bytes = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                if (i + 2 >= raw.length()) {
                    return null;
                }
                int hi = Character.digit(raw.charAt(i + 1), 16);
                int lo = Character.digit(raw.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    return null;
                }
                bytes.write(hi * 16 + lo);
                i += 2;
            } else if (c < 0x80) {
                bytes.write(c);
            } else {
                byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                bytes.write(b, 0, b.length);
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(bytes.toByteArray())).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    private static Resolved refuse(String why) {
        return new Resolved(List.of(), why);
    }

    /** The segment as it may appear in an error message: control characters shown as escapes, at most 80 chars. */
    private static String printable(String raw) {
        var sb = new StringBuilder();
        for (int i = 0; i < raw.length() && sb.length() < 80; i++) {
            char c = raw.charAt(i);
            sb.append(c < 0x20 || c == 0x7f ? String.format("\\x%02x", (int) c) : c);
        }
        return sb.toString();
    }
}
