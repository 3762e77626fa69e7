package io.corio.servers.admin.internal;

import java.util.HashSet;
import java.util.Set;

/**
 * Writes the Prometheus text exposition format 0.0.4: per metric family a {@code # HELP} and a {@code # TYPE}
 * line, then its samples, one per line: {@code name{label="value",...} number}. Label values are escaped
 * (backslash, double quote, line feed), HELP text too (backslash, line feed). A family may be declared once; its
 * samples must follow its declaration. Pure: no I/O, not thread-safe.
 */
public final class PrometheusText {
    /** The {@code Content-Type} of the format. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    /** Metric types of the format. */
    public enum Type {
        COUNTER, GAUGE, UNTYPED;

        String text() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private final StringBuilder out = new StringBuilder(4096);
    private final Set<String> declared = new HashSet<>();
    private String family;

    /**
     * Starts the family {@code name}: writes its HELP and TYPE lines.
     *
     * @throws IllegalArgumentException if the name is not a valid metric name or was declared before
     */
    public PrometheusText family(String name, Type type, String help) {
        checkName(name, true);
        if (!declared.add(name)) {
            throw new IllegalArgumentException("metric family " + name + " declared twice");
        }
        family = name;
        out.append("# HELP ").append(name).append(' ');
        escape(help, false);
        out.append('\n').append("# TYPE ").append(name).append(' ').append(type.text()).append('\n');
        return this;
    }

    /**
     * One sample of the current family. {@code labels} alternate names and values; a null value leaves that
     * label out.
     *
     * @throws IllegalStateException    if no family was started
     * @throws IllegalArgumentException for an odd number of label strings or a bad label name
     */
    public PrometheusText sample(double value, String... labels) {
        return sample(family, value, labels);
    }

    /** Like {@link #sample(double, String...)} for a long, written without a decimal point. */
    public PrometheusText sample(long value, String... labels) {
        startSample(family, labels);
        out.append(value).append('\n');
        return this;
    }

    private PrometheusText sample(String name, double value, String... labels) {
        startSample(name, labels);
        out.append(format(value)).append('\n');
        return this;
    }

    private void startSample(String name, String... labels) {
        if (name == null) {
            throw new IllegalStateException("sample() before family()");
        }
        if (labels.length % 2 != 0) {
            throw new IllegalArgumentException("labels must be name, value pairs; got " + labels.length + " strings");
        }
        out.append(name);
        boolean open = false;
        for (int i = 0; i < labels.length; i += 2) {
            if (labels[i + 1] == null) {
                continue;
            }
            checkName(labels[i], false);
            out.append(open ? ',' : '{').append(labels[i]).append("=\"");
            escape(labels[i + 1], true);
            out.append('"');
            open = true;
        }
        if (open) {
            out.append('}');
        }
        out.append(' ');
    }

    /** A value as the format writes it: {@code NaN}, {@code +Inf}, {@code -Inf}, or a Java double. */
    static String format(double value) {
        if (Double.isNaN(value)) {
            return "NaN";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "+Inf" : "-Inf";
        }
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        return Double.toString(value);
    }

    private void escape(String s, boolean quote) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '"' -> out.append(quote ? "\\\"" : "\"");
                default -> out.append(c);
            }
        }
    }

    private static void checkName(String name, boolean metric) {
        boolean ok = name != null && !name.isEmpty();
        for (int i = 0; ok && i < name.length(); i++) {
            char c = name.charAt(i);
            boolean letter = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' || metric && c == ':';
            ok = letter || i > 0 && c >= '0' && c <= '9';
        }
        if (!ok) {
            throw new IllegalArgumentException("bad " + (metric ? "metric" : "label") + " name " + name);
        }
    }

    /** The text written so far. */
    @Override
    public String toString() {
        return out.toString();
    }
}
