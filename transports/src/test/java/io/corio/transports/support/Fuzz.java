package io.corio.transports.support;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * A small seeded property runner for the fuzz tests ({@code *FuzzTest}): generates inputs from a fixed seed, checks
 * a property on each, and on the first failure shrinks the input to a small one that still fails and reports it
 * with the seed that reproduces it. Every try runs under a watchdog, so a hang is a failure naming its input.
 * Why not jqwik: see docs/decisions.md, "Hardening and fuzzing".
 *
 * <p>Knobs (system properties, passed through by Maven: {@code mvn ... -Dcorio.fuzz.scale=50}):
 * <ul>
 *   <li>{@code corio.fuzz.seed}: the seed, a long or {@code random} (default {@link #DEFAULT_SEED}, so CI
 *       always tries the same inputs);</li>
 *   <li>{@code corio.fuzz.scale}: multiplies every property's number of tries (default 1).</li>
 * </ul>
 *
 * <pre>{@code
 * Fuzz.forAll(rng -> Fuzz.bytes(rng, 200)).shrinkWith(Fuzz::shrinkBytes).show(Fuzz::show).tries(500)
 *         .check(input -> assertThat(decode(input)).isNotNull());
 * }</pre>
 */
public final class Fuzz<T> {
    /** The seed of every run unless {@code -Dcorio.fuzz.seed} says otherwise. */
    public static final long DEFAULT_SEED = 20261125L;
    private static final long TRY_LIMIT_MILLIS = 5_000;
    private static final int MAX_SHRINK_STEPS = 2_000;

    /** The check made on each input; it fails by throwing. */
    @FunctionalInterface
    public interface Property<T> {
        void check(T input) throws Exception;
    }

    private final Function<SplittableRandom, T> generator;
    private Function<T, List<T>> shrinker = t -> List.of();
    private Function<T, String> show = String::valueOf;
    private int tries = 100;
    private volatile T current;
    private volatile long tryStarted;

    private Fuzz(Function<SplittableRandom, T> generator) {
        this.generator = generator;
    }

    /** A property over the inputs that {@code generator} makes from a random source. */
    public static <T> Fuzz<T> forAll(Function<SplittableRandom, T> generator) {
        return new Fuzz<>(generator);
    }

    /** Smaller inputs to try in place of a failing one, most promising first. */
    public Fuzz<T> shrinkWith(Function<T, List<T>> shrinker) {
        this.shrinker = shrinker;
        return this;
    }

    /** How an input is printed in a failure. */
    public Fuzz<T> show(Function<T, String> show) {
        this.show = show;
        return this;
    }

    /** Tries in the default (CI) run; multiplied by {@code corio.fuzz.scale}. */
    public Fuzz<T> tries(int tries) {
        this.tries = tries;
        return this;
    }

    /** The seed of this run: {@code corio.fuzz.seed}, a fresh one for {@code random}, else the default. */
    public static long seed() {
        String s = System.getProperty("corio.fuzz.seed", "");
        if (s.isBlank()) {
            return DEFAULT_SEED;
        }
        return s.equals("random") ? RandomSeed.VALUE : Long.parseLong(s.trim());
    }

    /** The tries multiplier, {@code corio.fuzz.scale} (default 1). */
    public static int scale() {
        return Integer.parseInt(System.getProperty("corio.fuzz.scale", "1").trim());
    }

    /** One random seed per JVM, so that every property of a {@code random} run reports the same one. */
    private static final class RandomSeed {
        static final long VALUE = new SplittableRandom().nextLong();
    }

    /**
     * Runs the property on {@code tries × scale} generated inputs; throws AssertionError naming the seed and the
     * shrunk failing input, or the input that ran longer than 5 s.
     */
    public void check(Property<T> property) {
        long seed = seed();
        int total = Math.max(1, tries * scale());
        var failure = new AtomicReference<Throwable>();
        tryStarted = System.nanoTime();
        Thread worker = Thread.ofPlatform().daemon().name("fuzz-worker").unstarted(() -> {
            var master = new SplittableRandom(seed);
            for (int i = 0; i < total && failure.get() == null; i++) {
                T input = generator.apply(master.split());
                Throwable t = run(property, input);
                if (t != null) {
                    failure.set(falsified(property, input, t, seed, i, total));
                }
            }
        });
        long begun = System.nanoTime();
        worker.start();
        watch(worker, seed);
        System.out.printf("fuzz: %d tries with seed %d in %d ms%s%n", total, seed,
                (System.nanoTime() - begun) / 1_000_000, failure.get() == null ? "" : ", falsified");
        Throwable t = failure.get();
        if (t instanceof AssertionError e) {
            throw e;
        }
        if (t != null) {
            throw new AssertionError(t);
        }
    }

    private void watch(Thread worker, long seed) {
        try {
            while (worker.isAlive()) {
                worker.join(50);
                if (worker.isAlive() && (System.nanoTime() - tryStarted) / 1_000_000 > TRY_LIMIT_MILLIS) {
                    worker.interrupt();
                    throw new AssertionError("hung: one input ran longer than " + TRY_LIMIT_MILLIS + " ms (seed "
                            + seed + "): " + show.apply(current));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    private Throwable run(Property<T> property, T input) {
        current = input;
        tryStarted = System.nanoTime();
        try {
            property.check(input);
            return null;
        } catch (Throwable t) {
            return t;
        }
    }

    private AssertionError falsified(Property<T> property, T input, Throwable first, long seed, int index, int total) {
        T smallest = input;
        Throwable cause = first;
        int steps = 0;
        boolean smaller = true;
        while (smaller && steps < MAX_SHRINK_STEPS) {
            smaller = false;
            for (T candidate : shrinker.apply(smallest)) {
                if (++steps > MAX_SHRINK_STEPS) {
                    break;
                }
                Throwable t = run(property, candidate);
                if (t != null && t.getClass() == first.getClass()) {
                    smallest = candidate;
                    cause = t;
                    smaller = true;
                    break;
                }
            }
        }
        return new AssertionError("falsified at try " + (index + 1) + " of " + total + " (rerun with -Dcorio.fuzz.seed="
                + seed + ")\n  shrunk input:   " + show.apply(smallest) + "\n  original input: " + show.apply(input)
                + "\n  failure: " + cause, cause);
    }

    // ------------------------------------------------------------------------------------ generators

    /** Up to {@code maxLength} random bytes, biased towards short inputs and ASCII. */
    public static byte[] bytes(SplittableRandom rng, int maxLength) {
        byte[] b = new byte[rng.nextInt(rng.nextInt(maxLength + 1) + 1)];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) (rng.nextInt(4) == 0 ? rng.nextInt(256) : rng.nextInt(0x20, 0x7f));
        }
        return b;
    }

    /**
     * {@code valid} after 1 to 4 random edits: a bit flip, a random byte, an inserted or replaced token (from
     * {@code tokens}), a deleted range, a duplicated range.
     */
    public static byte[] mutate(SplittableRandom rng, byte[] valid, List<String> tokens) {
        var b = new ArrayList<Byte>(valid.length + 16);
        for (byte x : valid) {
            b.add(x);
        }
        int edits = 1 + rng.nextInt(4);
        for (int e = 0; e < edits; e++) {
            int at = b.isEmpty() ? 0 : rng.nextInt(b.size());
            switch (rng.nextInt(6)) {
                case 0 -> {
                    if (!b.isEmpty()) {
                        b.set(at, (byte) (b.get(at) ^ (1 << rng.nextInt(8))));
                    }
                }
                case 1 -> b.add(at, (byte) rng.nextInt(256));
                case 2 -> insert(b, at, tokens.get(rng.nextInt(tokens.size())));
                case 3 -> {
                    int n = Math.min(b.size() - at, 1 + rng.nextInt(8));
                    b.subList(at, at + n).clear();
                    insert(b, at, tokens.get(rng.nextInt(tokens.size())));
                }
                case 4 -> b.subList(at, Math.min(b.size(), at + 1 + rng.nextInt(16))).clear();
                default -> {
                    int n = Math.min(b.size() - at, 1 + rng.nextInt(40));
                    b.addAll(at, new ArrayList<>(b.subList(at, at + n)));
                }
            }
        }
        byte[] out = new byte[b.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = b.get(i);
        }
        return out;
    }

    private static void insert(List<Byte> b, int at, String token) {
        byte[] t = token.getBytes(StandardCharsets.ISO_8859_1);
        for (int i = t.length - 1; i >= 0; i--) {
            b.add(at, t[i]);
        }
    }

    /** Sorted cut offsets in {@code 1..length-1}: up to {@code maxCuts} of them. */
    public static int[] cuts(SplittableRandom rng, int length, int maxCuts) {
        if (length < 2) {
            return new int[0];
        }
        return rng.ints(rng.nextInt(maxCuts + 1), 1, length).distinct().sorted().toArray();
    }

    // ------------------------------------------------------------------------------------- shrinking

    /** Shorter versions of {@code b}: halves, quarters ... single bytes removed, each position in turn. */
    public static List<byte[]> shrinkBytes(byte[] b) {
        var out = new ArrayList<byte[]>();
        for (int n = b.length / 2; n >= 1; n /= 2) {
            for (int at = 0; at + n <= b.length && out.size() < 400; at += Math.max(1, n / 2)) {
                byte[] c = new byte[b.length - n];
                System.arraycopy(b, 0, c, 0, at);
                System.arraycopy(b, at + n, c, at, b.length - at - n);
                out.add(c);
            }
        }
        return out;
    }

    /** Bytes as text: printable ASCII as is, the rest as {@code \r}, {@code \n} or {@code \xNN}. */
    public static String show(byte[] b) {
        var s = new StringBuilder("\"");
        for (byte x : b) {
            int c = x & 0xff;
            if (c == '\r') {
                s.append("\\r");
            } else if (c == '\n') {
                s.append("\\n");
            } else if (c == '"' || c == '\\') {
                s.append('\\').append((char) c);
            } else if (c >= 0x20 && c < 0x7f) {
                s.append((char) c);
            } else {
                s.append(String.format("\\x%02x", c));
            }
        }
        return s.append("\" (").append(b.length).append(" bytes)").toString();
    }
}
