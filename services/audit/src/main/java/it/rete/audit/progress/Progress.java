package it.rete.audit.progress;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;

/**
 * Progress of a replay on stderr: events read, events per second and the estimated time left, at most once a
 * second. Disabled progress costs one branch per event.
 */
public final class Progress {

    private static final long INTERVAL_NANOS = 1_000_000_000L;

    private final PrintWriter out;
    private final boolean enabled;
    private final boolean terminal;
    private final String what;
    private long total;
    private long done;
    private final long startedAt = System.nanoTime();
    private long lastPrint = startedAt;
    private boolean printed;

    private Progress(PrintWriter out, boolean enabled, boolean terminal, String what) {
        this.out = out;
        this.enabled = enabled;
        this.terminal = terminal;
        this.what = what;
    }

    /**
     * @param requested the --progress option: TRUE/FALSE forces it, null means "when stderr is a terminal"
     */
    public static Progress on(PrintWriter err, Boolean requested, String what) {
        // Java 17 has no isatty for stderr; a console means the tool runs interactively.
        boolean interactive = System.console() != null;
        boolean enabled = requested != null ? requested : interactive;
        return new Progress(err, enabled, interactive, what);
    }

    public static Progress none() {
        return new Progress(new PrintWriter(System.err), false, false, "");
    }

    public void total(long total) {
        this.total = total;
    }

    public void add(long events) {
        done += events;
        if (enabled) {
            long now = System.nanoTime();
            if (now - lastPrint >= INTERVAL_NANOS) {
                lastPrint = now;
                print(now, false);
            }
        }
    }

    public long done() {
        return done;
    }

    public Duration elapsed() {
        return Duration.ofNanos(System.nanoTime() - startedAt);
    }

    /** Events per second since the start. */
    public double rate() {
        double seconds = (System.nanoTime() - startedAt) / 1e9;
        return seconds > 0 ? done / seconds : 0;
    }

    public void finish() {
        if (enabled && printed) {
            print(System.nanoTime(), true);
        }
    }

    private void print(long now, boolean last) {
        printed = true;
        double seconds = (now - startedAt) / 1e9;
        double rate = seconds > 0 ? done / seconds : 0;
        String eta = total > 0 && rate > 0 && done < total
                ? formatDuration((long) ((total - done) / rate)) : "0s";
        String line = String.format(Locale.ROOT, "%s: %,d / %,d events, %,.0f events/s, %s left", what, done,
                total, rate, eta);
        if (terminal) {
            out.print("\r" + line + (last ? System.lineSeparator() : ""));
        } else {
            out.println(line);
        }
        out.flush();
    }

    static String formatDuration(long seconds) {
        if (seconds >= 3600) {
            return seconds / 3600 + "h" + (seconds % 3600) / 60 + "m";
        }
        return seconds >= 60 ? seconds / 60 + "m" + seconds % 60 + "s" : seconds + "s";
    }
}
