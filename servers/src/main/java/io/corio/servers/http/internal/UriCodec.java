package io.corio.servers.http.internal;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Percent-decoding of path segments and query strings (UTF-8). Malformed escapes are kept as they are. */
public final class UriCodec {
    private UriCodec() {
    }

    /** Decodes {@code %XX} escapes; with {@code plusIsSpace}, {@code +} becomes a space (query strings). */
    public static String decode(String s, boolean plusIsSpace) {
        int first = firstSpecial(s, plusIsSpace);
        if (first < 0) {
            return s;
        }
        var out = new ByteArrayOutputStream(s.length());
        out.writeBytes(s.substring(0, first).getBytes(StandardCharsets.UTF_8));
        for (int i = first; i < s.length(); i++) {
            char c = s.charAt(i);
            int high = c == '%' && i + 2 < s.length() ? RequestParser.hex(s.charAt(i + 1)) : -1;
            int low = high >= 0 ? RequestParser.hex(s.charAt(i + 2)) : -1;
            if (low >= 0) {
                out.write(high * 16 + low);
                i += 2;
            } else if (c == '+' && plusIsSpace) {
                out.write(' ');
            } else if (c < 0x80) {
                out.write(c);
            } else {
                byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                out.write(b, 0, b.length);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /** {@code a=1&b=x+y&a=2} as {@code {a=[1, 2], b=[x y]}}; a name without {@code =} has the value "". */
    public static Map<String, List<String>> parseQuery(String query) {
        Map<String, List<String>> params = new LinkedHashMap<>();
        int i = 0;
        while (i <= query.length()) {
            int amp = query.indexOf('&', i);
            int end = amp < 0 ? query.length() : amp;
            if (end > i) {
                int eq = query.indexOf('=', i);
                String name;
                String value;
                if (eq < 0 || eq > end) {
                    name = decode(query.substring(i, end), true);
                    value = "";
                } else {
                    name = decode(query.substring(i, eq), true);
                    value = decode(query.substring(eq + 1, end), true);
                }
                params.computeIfAbsent(name, k -> new ArrayList<>(1)).add(value);
            }
            i = end + 1;
        }
        return params;
    }

    private static int firstSpecial(String s, boolean plusIsSpace) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%' || (plusIsSpace && c == '+')) {
                return i;
            }
        }
        return -1;
    }
}
