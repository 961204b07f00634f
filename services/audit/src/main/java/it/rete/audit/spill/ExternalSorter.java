package it.rete.audit.spill;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.PriorityQueue;

/**
 * Sorts any number of (key, value) byte entries by key (unsigned lexicographic) with a bounded heap: entries are
 * buffered up to {@code memoryBudgetBytes}, each full buffer is sorted and spilled to a run file, and
 * {@link #sorted()} merges the runs. What grows with the history (event ids, case groups) goes through here, so the
 * audit's heap does not grow with it.
 *
 * <p>Entries with equal keys come out in no particular order: callers make keys unique when order matters.
 */
public final class ExternalSorter implements AutoCloseable {

    /** Per-entry bookkeeping beyond the two arrays, counted against the budget. */
    private static final int ENTRY_OVERHEAD = 64;
    private static final int RUN_BUFFER = 64 * 1024;

    public record Entry(byte[] key, byte[] value) implements Comparable<Entry> {
        @Override
        public int compareTo(Entry other) {
            return Arrays.compareUnsigned(key, other.key);
        }
    }

    private final Path directory;
    private final String name;
    private final long memoryBudgetBytes;
    private final List<Path> runs = new ArrayList<>();
    private List<Entry> buffer = new ArrayList<>();
    private long buffered;
    private long count;
    private boolean finished;

    public ExternalSorter(Path directory, String name, long memoryBudgetBytes) {
        this.directory = directory;
        this.name = name;
        this.memoryBudgetBytes = memoryBudgetBytes;
    }

    public void add(byte[] key, byte[] value) {
        if (finished) {
            throw new IllegalStateException("sorted() was already called");
        }
        buffer.add(new Entry(key, value));
        buffered += key.length + value.length + ENTRY_OVERHEAD;
        count++;
        if (buffered >= memoryBudgetBytes) {
            spill();
        }
    }

    public long count() {
        return count;
    }

    public int runCount() {
        return runs.size();
    }

    private void spill() {
        buffer.sort(null);
        Path run = directory.resolve(name + "-" + runs.size() + ".run");
        try (var out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(run), RUN_BUFFER))) {
            for (Entry entry : buffer) {
                out.writeInt(entry.key.length);
                out.write(entry.key);
                out.writeInt(entry.value.length);
                out.write(entry.value);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the spill file " + run, e);
        }
        runs.add(run);
        buffer = new ArrayList<>();
        buffered = 0;
    }

    /** Every entry added, by key. Call once, after the last {@link #add}. */
    public Iterator<Entry> sorted() {
        finished = true;
        if (runs.isEmpty()) {
            buffer.sort(null);
            List<Entry> all = buffer;
            buffer = List.of();
            return all.iterator();
        }
        if (!buffer.isEmpty()) {
            spill();
        }
        return new Merge(runs);
    }

    @Override
    public void close() {
        buffer = List.of();
        for (Path run : runs) {
            try {
                Files.deleteIfExists(run);
            } catch (IOException e) {
                // a temporary file left behind is not worth failing the audit for
            }
        }
    }

    private static final class RunReader implements AutoCloseable {
        private final DataInputStream in;
        private Entry head;

        RunReader(Path run) throws IOException {
            in = new DataInputStream(new BufferedInputStream(Files.newInputStream(run), RUN_BUFFER));
            advance();
        }

        void advance() throws IOException {
            int keyLength;
            try {
                keyLength = in.readInt();
            } catch (EOFException end) {
                head = null;
                in.close();
                return;
            }
            byte[] key = in.readNBytes(keyLength);
            byte[] value = in.readNBytes(in.readInt());
            head = new Entry(key, value);
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }

    private static final class Merge implements Iterator<Entry> {
        private final PriorityQueue<RunReader> queue = new PriorityQueue<>((a, b) -> a.head.compareTo(b.head));

        Merge(List<Path> runs) {
            try {
                for (Path run : runs) {
                    RunReader reader = new RunReader(run);
                    if (reader.head != null) {
                        queue.add(reader);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read spill files", e);
            }
        }

        @Override
        public boolean hasNext() {
            return !queue.isEmpty();
        }

        @Override
        public Entry next() {
            RunReader reader = queue.poll();
            if (reader == null) {
                throw new NoSuchElementException();
            }
            Entry entry = reader.head;
            try {
                reader.advance();
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read a spill file", e);
            }
            if (reader.head != null) {
                queue.add(reader);
            }
            return entry;
        }
    }
}
