package io.corio.servers.config.internal;

import java.util.Collection;
import java.util.Locale;

/** "Did you mean" for misspelt keys and values: the closest allowed word, if it is close enough. */
public final class Suggestions {
    private Suggestions() {
    }

    /**
     * The allowed word closest to {@code given}, or {@code null} if none is close. Case, {@code _} and {@code -}
     * are ignored first ({@code max_connections} finds {@code maxConnections}); then up to one edit per four
     * letters (at most 2) counts as close.
     */
    public static String closest(String given, Collection<String> allowed) {
        String normal = normalize(given);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : allowed) {
            String other = normalize(candidate);
            if (other.equals(normal)) {
                return candidate;
            }
            int distance = distance(normal, other);
            if (distance < bestDistance) {
                bestDistance = distance;
                best = candidate;
            }
        }
        int allowedDistance = Math.min(2, Math.max(1, normal.length() / 4));
        return bestDistance <= allowedDistance ? best : null;
    }

    /** {@code " (did you mean X?)"} or the empty string. */
    public static String hint(String given, Collection<String> allowed) {
        String best = closest(given, allowed);
        return best == null ? "" : " (did you mean " + best + "?)";
    }

    private static String normalize(String s) {
        return s.replace("_", "").replace("-", "").toLowerCase(Locale.ROOT);
    }

    /** Edit distance where swapping two neighbours counts as one edit (optimal string alignment). */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(d[i - 1][j - 1] + cost, Math.min(d[i - 1][j], d[i][j - 1]) + 1);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
