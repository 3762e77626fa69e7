package io.corio.servers.config.internal;

import java.time.Duration;
import java.util.Locale;

/**
 * Durations and sizes as the configuration writes them. Pure: a bad value throws {@link IllegalArgumentException}
 * whose message says what was expected; the caller adds the position.
 *
 * <ul>
 *   <li>Duration: a whole number and a unit, {@code 500ms}, {@code 10s}, {@code 2m}, {@code 1h} (a space before the
 *       unit is allowed); {@code 0} alone means zero (off).</li>
 *   <li>Size: a number of bytes, {@code 512} or {@code 512B}, or a binary unit {@code 16KiB}, {@code 1 MiB},
 *       {@code 2GiB}. {@code KB}, {@code MB}, {@code GB}, {@code K}, {@code M}, {@code G} are refused as ambiguous
 *       (1000 or 1024?), with a hint.</li>
 * </ul>
 */
public final class Units {
    private Units() {
    }

    /** Parses a duration such as {@code 10s}; {@code 0} alone is zero. */
    public static Duration duration(String text) {
        Number parsed = split(text, "a duration such as 500ms, 10s, 2m or 1h");
        long n = parsed.value;
        String unit = parsed.unit;
        if (unit.isEmpty()) {
            if (n == 0) {
                return Duration.ZERO;
            }
            throw new IllegalArgumentException("'" + text.strip() + "' needs a unit: " + n + "ms, " + n + "s, "
                    + n + "m or " + n + "h");
        }
        try {
            return switch (unit) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> throw new IllegalArgumentException("unknown duration unit '" + unit + "' in '"
                        + text.strip() + "': expected ms, s, m or h");
            };
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("'" + text.strip() + "' is too large");
        }
    }

    /** Parses a size in bytes such as {@code 16KiB} or {@code 512}. */
    public static long size(String text) {
        Number parsed = split(text, "a size such as 512, 16KiB, 1MiB or 1GiB");
        long n = parsed.value;
        String unit = parsed.unit;
        long factor = switch (unit.toLowerCase(Locale.ROOT)) {
            case "", "b" -> 1;
            case "kib" -> 1L << 10;
            case "mib" -> 1L << 20;
            case "gib" -> 1L << 30;
            case "k", "kb" -> throw ambiguous(text, n, "KiB", 1000);
            case "m", "mb" -> throw ambiguous(text, n, "MiB", 1000_000);
            case "g", "gb" -> throw ambiguous(text, n, "GiB", 1000_000_000);
            default -> throw new IllegalArgumentException("unknown size unit '" + unit + "' in '" + text.strip()
                    + "': expected B, KiB, MiB or GiB");
        };
        try {
            return Math.multiplyExact(n, factor);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("'" + text.strip() + "' is too large");
        }
    }

    private static IllegalArgumentException ambiguous(String text, long n, String binary, long decimal) {
        long binaryBytes = n << (binary.equals("KiB") ? 10 : binary.equals("MiB") ? 20 : 30);
        boolean fits = n <= Long.MAX_VALUE >> 30;
        return new IllegalArgumentException("'" + text.strip() + "' is ambiguous (1000 or 1024?): write " + n
                + binary + (fits ? " (" + binaryBytes + " bytes) or " + n * decimal : ""));
    }

    private record Number(long value, String unit) {
    }

    /** A whole number, optional blanks, then letters only; anything else names what was expected. */
    private static Number split(String text, String expected) {
        String s = text.strip();
        int i = 0;
        while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
            i++;
        }
        if (i == 0) {
            throw new IllegalArgumentException("expected " + expected + ", got '" + s + "'");
        }
        if (i < s.length() && (s.charAt(i) == '.' || s.charAt(i) == ',')) {
            throw new IllegalArgumentException("'" + s + "': whole numbers only (write 1500ms, not 1.5s; 1536KiB, "
                    + "not 1.5MiB)");
        }
        long value;
        try {
            value = Long.parseLong(s, 0, i, 10);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + s + "' is too large");
        }
        String unit = s.substring(i).stripLeading();
        for (int k = 0; k < unit.length(); k++) {
            if (!Character.isLetter(unit.charAt(k))) {
                throw new IllegalArgumentException("expected " + expected + ", got '" + s + "'");
            }
        }
        return new Number(value, unit);
    }
}
