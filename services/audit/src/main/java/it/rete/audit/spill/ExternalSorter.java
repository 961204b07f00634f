package it.rete.audit.spill;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.PriorityQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Sorts any number of (key, value) byte entries by key (unsigned lexicographic) with a bounded heap: entries are
 * copied into one arena of {@code memoryBudgetBytes}; each full arena is sorted and spilled to a run file, and
 * {@link #sorted()} merges the runs. What grows with the history (event ids, case groups, export rows) goes through
 * here, so the audit's heap does not grow with it. The arena is a single array, not millions of small objects that
 * the garbage collector would copy until they are spilled.
 *
 * <p>The budget is two blocks of half its size: while one block fills, the other, full, is sorted and written on a
 * spill thread (one for every sorter), so sorting and writing take the second core rather than the caller's time.
 *
 * <p>At most {@value #MAX_OPEN_RUNS} runs are merged at once (each holds a read buffer and a file open): when there
 * are more, the oldest are first merged together, as few as it takes, so the memory and files that merging takes do
 * not grow with the history either.
 *
 * <p>Entries with equal keys come out in no particular order: callers make keys unique when order matters.
 */
public final class ExternalSorter implements AutoCloseable {

    private static final int RUN_BUFFER = 64 * 1024;
    /** Runs read at the same time by a merge: bounds its buffers (64 KB each) and open files. */
    static final int MAX_OPEN_RUNS = 128;
    /** Arena layout of an entry: key length, value length, key, value. */
    private static final int HEADER = 8;

    /** Sorts and writes full blocks, for every sorter, one block at a time. */
    private static final ExecutorService SPILLER = Executors.newSingleThreadExecutor(task -> {
        Thread thread = new Thread(task, "spill");
        thread.setDaemon(true);
        return thread;
    });

    public record Entry(byte[] key, byte[] value) implements Comparable<Entry> {
        @Override
        public int compareTo(Entry other) {
            return Arrays.compareUnsigned(key, other.key);
        }
    }

    private final Path directory;
    private final String name;
    private final int blockSize;
    private final int maxOpenRuns;
    /** The run files, oldest first; guarded by {@code this} once {@link #sorted()} hands them to a merge. */
    private final List<Path> runs = new ArrayList<>();
    private int runNumber;
    private boolean closed;
    /** Where entries are added. */
    private Block filling;
    /** The other block: being spilled (until {@link #spilling} is done), or free. */
    private Block other;
    private Future<?> spilling;
    private long count;
    private boolean finished;

    public ExternalSorter(Path directory, String name, long memoryBudgetBytes) {
        this(directory, name, memoryBudgetBytes, MAX_OPEN_RUNS);
    }

    ExternalSorter(Path directory, String name, long memoryBudgetBytes, int maxOpenRuns) {
        if (maxOpenRuns < 2) {
            throw new IllegalArgumentException("a merge needs at least two runs at once");
        }
        this.directory = directory;
        this.name = name;
        this.blockSize = (int) Math.min(Integer.MAX_VALUE - 64, Math.max(64 * 1024, memoryBudgetBytes)) / 2;
        this.maxOpenRuns = maxOpenRuns;
    }

    public void add(byte[] key, byte[] value) {
        add(key, key.length, value, value.length);
    }

    /** Copies the first bytes of each writer's buffer. */
    public void add(ByteWriter key, ByteWriter value) {
        add(key.array(), key.size(), value.array(), value.size());
    }

    private void add(byte[] key, int keyLength, byte[] value, int valueLength) {
        if (finished) {
            throw new IllegalStateException("sorted() was already called");
        }
        int need = HEADER + keyLength + valueLength;
        if (filling == null) {
            filling = new Block(Math.max(blockSize, need));
        } else if (!filling.fits(need)) {
            spillInBackground();
            if (!filling.fits(need)) {
                filling = new Block(need);
            }
        }
        filling.add(key, keyLength, value, valueLength);
        count++;
    }

    public long count() {
        return count;
    }

    /** Run files on disk now (after a merge has started: those left once it merged the oldest together). */
    public synchronized int runCount() {
        return runs.size();
    }

    /** Hands the full block to the spill thread and goes on with the other one. */
    private void spillInBackground() {
        awaitSpill();
        Block full = filling;
        Path run = nextRun();
        spilling = SPILLER.submit(() -> full.writeSorted(run));
        filling = other != null ? other.clear() : new Block(blockSize);
        other = full;
    }

    private synchronized Path nextRun() {
        Path run = directory.resolve(name + "-" + runNumber++ + ".run");
        runs.add(run);
        return run;
    }

    private void awaitSpill() {
        if (spilling == null) {
            return;
        }
        try {
            spilling.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw e.getCause() instanceof RuntimeException runtime ? runtime
                    : new IllegalStateException("Spilling failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while spilling", e);
        } finally {
            spilling = null;
        }
    }

    /** Every entry added, by key. Call once, after the last {@link #add}. */
    public Iterator<Entry> sorted() {
        finished = true;
        if (runs.isEmpty()) {
            Block block = filling != null ? filling : new Block(0);
            block.sortEntries();
            return new Iterator<>() {
                private int next;

                @Override
                public boolean hasNext() {
                    return next < block.entries;
                }

                @Override
                public Entry next() {
                    if (next >= block.entries) {
                        throw new NoSuchElementException();
                    }
                    return block.entryAt(block.starts[next++]);
                }
            };
        }
        awaitSpill();
        if (filling != null && filling.entries > 0) {
            filling.writeSorted(nextRun());
        }
        filling = null;
        other = null;
        return new Merge();
    }

    /**
     * Merges the oldest runs into one new run (the newest), at most {@link #maxOpenRuns} at a time, until no more
     * than that many are left, and returns those. Done by the merge, on the thread that first reads it; {@link #close()} may come from
     * another thread at any point (it deletes the files, reading stops with an error).
     */
    private List<Path> runsToMerge() {
        while (true) {
            List<Path> oldest;
            Path merged;
            synchronized (this) {
                if (closed || runs.size() <= maxOpenRuns) {
                    return List.copyOf(runs);
                }
                // no more runs than it takes to leave maxOpenRuns: each merge step rewrites what it merges
                oldest = List.copyOf(runs.subList(0, Math.min(maxOpenRuns, runs.size() - maxOpenRuns + 1)));
                merged = nextRun();
            }
            PriorityQueue<RunReader> queue = open(oldest);
            try (RunWriter out = new RunWriter(merged)) {
                while (!queue.isEmpty()) {
                    out.write(next(queue));
                }
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot write the spill file " + merged, e);
            } finally {
                queue.forEach(RunReader::close);
            }
            synchronized (this) {
                runs.removeAll(oldest);
            }
            oldest.forEach(ExternalSorter::delete);
        }
    }

    private static PriorityQueue<RunReader> open(List<Path> runs) {
        PriorityQueue<RunReader> queue = new PriorityQueue<>(Math.max(1, runs.size()),
                (a, b) -> a.head.compareTo(b.head));
        try {
            for (Path run : runs) {
                RunReader reader = new RunReader(run);
                if (reader.head != null) {
                    queue.add(reader);
                }
            }
        } catch (IOException e) {
            queue.forEach(RunReader::close);
            throw new UncheckedIOException("Cannot read spill files", e);
        }
        return queue;
    }

    /** The smallest head of {@code queue}; its run moves on to its next entry. */
    private static Entry next(PriorityQueue<RunReader> queue) {
        RunReader reader = queue.poll();
        if (reader == null) {
            throw new NoSuchElementException();
        }
        Entry entry = reader.head;
        try {
            reader.advance();
        } catch (IOException e) {
            reader.close();
            throw new UncheckedIOException("Cannot read a spill file", e);
        }
        if (reader.head != null) {
            queue.add(reader);
        }
        return entry;
    }

    private static void delete(Path run) {
        try {
            Files.deleteIfExists(run);
        } catch (IOException e) {
            // a temporary file left behind is not worth failing the audit for
        }
    }

    @Override
    public void close() {
        try {
            awaitSpill(); // a run being written is deleted below
        } catch (RuntimeException e) {
            // the failure was reported by add or sorted, or does not matter any more
        }
        filling = null;
        other = null;
        synchronized (this) { // after a merge step that is under way
            closed = true;
            runs.forEach(ExternalSorter::delete);
        }
    }

    /** Entries in one array: the arena, with each entry's start and first 8 key bytes alongside. */
    private static final class Block {

        /** Entries up to this count are sorted by packing key prefix and entry number in one long. */
        private static final int PACKED_MAX_ENTRIES = 1 << 24;

        private final byte[] arena;
        private int used;
        private int[] starts = new int[1024];
        /** The first 8 key bytes of each entry as an unsigned number: most comparisons end there. */
        private long[] prefixes = new long[1024];
        private int entries;

        Block(int size) {
            arena = new byte[size];
        }

        boolean fits(int need) {
            return used + need <= arena.length;
        }

        Block clear() {
            used = 0;
            entries = 0;
            return this;
        }

        void add(byte[] key, int keyLength, byte[] value, int valueLength) {
            if (entries == starts.length) {
                starts = Arrays.copyOf(starts, entries * 2);
                prefixes = Arrays.copyOf(prefixes, entries * 2);
            }
            long prefix = 0;
            for (int i = 0; i < 8; i++) {
                prefix = (prefix << 8) | (i < keyLength ? key[i] & 0xff : 0);
            }
            prefixes[entries] = prefix;
            starts[entries++] = used;
            putInt(used, keyLength);
            putInt(used + 4, valueLength);
            System.arraycopy(key, 0, arena, used + HEADER, keyLength);
            System.arraycopy(value, 0, arena, used + HEADER + keyLength, valueLength);
            used += HEADER + keyLength + valueLength;
        }

        private void putInt(int at, int value) {
            ExternalSorter.putInt(arena, at, value);
        }

        private int getInt(int at) {
            return ExternalSorter.getInt(arena, at);
        }

        /** Compares entries number {@code i} and {@code j}. */
        private int compareEntries(int i, int j) {
            int byPrefix = Long.compareUnsigned(prefixes[i], prefixes[j]);
            return byPrefix != 0 ? byPrefix : compare(starts[i], starts[j]);
        }

        private int compare(int a, int b) {
            int keyA = a + HEADER;
            int keyB = b + HEADER;
            return Arrays.compareUnsigned(arena, keyA, keyA + getInt(a), arena, keyB, keyB + getInt(b));
        }

        /**
         * Sorts the entries by key, equal keys in the order they were added; leaves the sorted arena offsets in
         * {@code starts}. The first 40 bits of each key and the entry's number (24 bits) make one long, sorted as
         * primitives; only entries whose first 40 bits tie are then compared in full.
         */
        private void sortEntries() {
            if (entries >= PACKED_MAX_ENTRIES) {
                mergeSortEntries();
                return;
            }
            long[] packed = new long[entries];
            for (int i = 0; i < entries; i++) {
                // the sign flip makes signed order the unsigned order of the prefix
                packed[i] = ((prefixes[i] >>> 24) << 24 | i) ^ Long.MIN_VALUE;
            }
            Arrays.sort(packed);
            int[] order = new int[entries];
            for (int i = 0; i < entries; i++) {
                order[i] = (int) (packed[i] & 0xffffff);
            }
            for (int from = 0; from < entries; ) {
                long head = packed[from] >>> 24;
                int to = from + 1;
                while (to < entries && packed[to] >>> 24 == head) {
                    to++;
                }
                if (to - from > 1) {
                    sortTies(order, from, to);
                }
                from = to;
            }
            int[] sorted = new int[entries];
            for (int i = 0; i < entries; i++) {
                sorted[i] = starts[order[i]];
            }
            System.arraycopy(sorted, 0, starts, 0, entries);
        }

        /** Stable sort of {@code order[from, to)} by full key (the entries there share 40 key bits). */
        private void sortTies(int[] order, int from, int to) {
            if (to - from <= 16) {
                for (int i = from + 1; i < to; i++) {
                    int entry = order[i];
                    int j = i - 1;
                    while (j >= from && compareEntries(order[j], entry) > 0) {
                        order[j + 1] = order[j];
                        j--;
                    }
                    order[j + 1] = entry;
                }
                return;
            }
            int mid = (from + to) >>> 1;
            sortTies(order, from, mid);
            sortTies(order, mid, to);
            if (compareEntries(order[mid - 1], order[mid]) <= 0) {
                return; // already in order
            }
            int[] left = Arrays.copyOfRange(order, from, mid);
            int i = 0;
            int j = mid;
            int k = from;
            while (i < left.length && j < to) {
                order[k++] = compareEntries(left[i], order[j]) <= 0 ? left[i++] : order[j++];
            }
            while (i < left.length) {
                order[k++] = left[i++];
            }
        }

        /** Merge sort of the entries by key; leaves the sorted arena offsets in {@code starts}. */
        private void mergeSortEntries() {
            int[] from = new int[entries];
            for (int i = 0; i < entries; i++) {
                from[i] = i;
            }
            int[] to = new int[entries];
            for (int width = 1; width < entries; width *= 2) {
                for (int low = 0; low < entries; low += 2 * width) {
                    int mid = Math.min(low + width, entries);
                    int high = Math.min(low + 2 * width, entries);
                    int i = low;
                    int j = mid;
                    int k = low;
                    while (i < mid && j < high) {
                        to[k++] = compareEntries(from[i], from[j]) <= 0 ? from[i++] : from[j++];
                    }
                    while (i < mid) {
                        to[k++] = from[i++];
                    }
                    while (j < high) {
                        to[k++] = from[j++];
                    }
                }
                int[] swap = from;
                from = to;
                to = swap;
            }
            int[] sorted = new int[entries];
            for (int i = 0; i < entries; i++) {
                sorted[i] = starts[from[i]];
            }
            System.arraycopy(sorted, 0, starts, 0, entries);
        }

        private Entry entryAt(int start) {
            int keyLength = getInt(start);
            int valueLength = getInt(start + 4);
            int key = start + HEADER;
            return new Entry(Arrays.copyOfRange(arena, key, key + keyLength),
                    Arrays.copyOfRange(arena, key + keyLength, key + keyLength + valueLength));
        }

        /** Sorts the block and writes it as run file {@code run}. */
        void writeSorted(Path run) {
            sortEntries();
            try (RunWriter out = new RunWriter(run)) {
                for (int i = 0; i < entries; i++) {
                    int start = starts[i];
                    // a run holds entries as the arena does: lengths, key, value
                    out.write(arena, start, HEADER + getInt(start) + getInt(start + 4));
                }
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot write the spill file " + run, e);
            }
        }
    }

    /**
     * Writes a run file: each entry as its key length and value length (4 bytes each, big-endian), key, value. Its
     * own buffer, not a buffered stream: those take a lock for every call, several per entry.
     */
    private static final class RunWriter implements AutoCloseable {
        private final OutputStream out;
        private final byte[] buffer = new byte[RUN_BUFFER];
        private int size;

        RunWriter(Path run) throws IOException {
            out = Files.newOutputStream(run);
        }

        void write(byte[] bytes, int from, int length) throws IOException {
            if (length > buffer.length - size) {
                flush();
                if (length > buffer.length) {
                    out.write(bytes, from, length);
                    return;
                }
            }
            System.arraycopy(bytes, from, buffer, size, length);
            size += length;
        }

        void write(Entry entry) throws IOException {
            byte[] lengths = new byte[HEADER];
            putInt(lengths, 0, entry.key().length);
            putInt(lengths, 4, entry.value().length);
            write(lengths, 0, HEADER);
            write(entry.key(), 0, entry.key().length);
            write(entry.value(), 0, entry.value().length);
        }

        private void flush() throws IOException {
            out.write(buffer, 0, size);
            size = 0;
        }

        @Override
        public void close() throws IOException {
            try {
                flush();
            } finally {
                out.close();
            }
        }
    }

    private static void putInt(byte[] bytes, int at, int value) {
        bytes[at] = (byte) (value >>> 24);
        bytes[at + 1] = (byte) (value >>> 16);
        bytes[at + 2] = (byte) (value >>> 8);
        bytes[at + 3] = (byte) value;
    }

    private static int getInt(byte[] bytes, int at) {
        return ((bytes[at] & 0xff) << 24) | ((bytes[at + 1] & 0xff) << 16) | ((bytes[at + 2] & 0xff) << 8)
                | (bytes[at + 3] & 0xff);
    }

    /** Reads a run file written by {@link RunWriter}, an entry at a time, through its own buffer. */
    private static final class RunReader {
        private final InputStream in;
        private final byte[] buffer = new byte[RUN_BUFFER];
        private int position;
        private int limit;
        private final Path run;
        private Entry head;

        RunReader(Path run) throws IOException {
            this.run = run;
            in = Files.newInputStream(run);
            advance();
        }

        void advance() throws IOException {
            if (!fill(HEADER)) {
                head = null;
                in.close();
                return;
            }
            int keyLength = getInt(buffer, position);
            int valueLength = getInt(buffer, position + 4);
            position += HEADER;
            byte[] key = take(keyLength);
            head = new Entry(key, take(valueLength));
        }

        /** Whether {@code count} bytes (at most the buffer) are buffered; false at the end of the file. */
        private boolean fill(int count) throws IOException {
            if (limit - position >= count) {
                return true;
            }
            System.arraycopy(buffer, position, buffer, 0, limit - position);
            limit -= position;
            position = 0;
            while (limit < count) {
                int read = in.read(buffer, limit, buffer.length - limit);
                if (read < 0) {
                    if (limit == 0) {
                        return false;
                    }
                    throw new EOFException("The spill file " + run + " ends inside an entry");
                }
                limit += read;
            }
            return true;
        }

        private byte[] take(int length) throws IOException {
            byte[] bytes = new byte[length];
            int buffered = Math.min(length, limit - position);
            System.arraycopy(buffer, position, bytes, 0, buffered);
            position += buffered;
            if (buffered < length && in.readNBytes(bytes, buffered, length - buffered) < length - buffered) {
                throw new EOFException("The spill file " + run + " ends inside an entry");
            }
            return bytes;
        }

        void close() {
            try {
                in.close();
            } catch (IOException e) {
                // read only: nothing is lost
            }
        }
    }

    /** Merges the runs left by {@link #runsToMerge()}, opened when first read. */
    private final class Merge implements Iterator<Entry> {
        private PriorityQueue<RunReader> queue;

        private PriorityQueue<RunReader> queue() {
            if (queue == null) {
                queue = open(runsToMerge());
            }
            return queue;
        }

        @Override
        public boolean hasNext() {
            return !queue().isEmpty();
        }

        @Override
        public Entry next() {
            return ExternalSorter.next(queue());
        }
    }
}
