package it.rete.localnetwork;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The JVM settings the launcher gives each partner by default, for a small and quick partner on a small machine
 * (figures in docs/benchmarks.md, "Memory and start"). Options given with {@code --partner-jvm-option} come after
 * these, so they win where HotSpot takes the last occurrence (e.g. {@code -XX:TieredStopAtLevel=4}).
 */
public final class PartnerJvm {

    /**
     * -Xmx of a partner: under a sustained overload its old generation stays about 50 of its 64 MB (no full
     * collection), and a serial heap stays resident at its maximum once it has filled, so the heap is most of what a
     * bigger -Xmx adds to a loaded partner's memory. 84 MB is that old generation and the young one of
     * {@link #DEFAULT_OPTIONS}.
     */
    public static final String DEFAULT_HEAP = "84m";

    /**
     * Serial GC (one small heap needs no G1 regions and remembered sets, and no GC threads competing at start) with a
     * 20 MB young generation (a request's objects die young; 32 MB of it at 96 MB only kept 12 MB more resident under
     * a sustained load), the C1 compiler only (a fraction of C2's compiler CPU at start and of its code cache; C2 did
     * not raise the saturated throughput even after two minutes), and smaller thread stacks.
     */
    public static final List<String> DEFAULT_OPTIONS = List.of(
            "-XX:+UseSerialGC",
            "-Xmn20m",
            "-XX:TieredStopAtLevel=1",
            "-XX:ReservedCodeCacheSize=48m",
            "-Xss512k");

    /** glibc gives every thread that allocates its own malloc arena (64 MB reserved each); two are plenty. */
    public static final Map<String, String> DEFAULT_ENVIRONMENT = Map.of("MALLOC_ARENA_MAX", "2");

    private PartnerJvm() {
    }

    /** The JVM options of a partner: the defaults (unless {@code tuned} is false), the heap, then {@code extra}. */
    public static List<String> options(boolean tuned, String heap, List<String> extra) {
        List<String> options = new ArrayList<>();
        if (tuned) {
            options.addAll(DEFAULT_OPTIONS);
        }
        options.add("-Xmx" + heap);
        options.addAll(extra);
        return options;
    }
}
