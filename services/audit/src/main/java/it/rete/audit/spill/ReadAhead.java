package it.rete.audit.spill;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Runs an iterator on a thread of its own, a bounded number of batches ahead of the thread that reads it: the merge
 * of the sorted runs then overlaps with what is done with its entries (decoding them, on another core). A failure of
 * the source is thrown to the reader at the point where the entries stop.
 */
public final class ReadAhead<T> implements Iterator<T>, AutoCloseable {

    private static final Object END = new Object();

    private final BlockingQueue<Object> batches;
    private final Thread thread;
    private volatile boolean closed;
    private Iterator<T> current = List.<T>of().iterator();
    private boolean ended;

    /**
     * @param batchSize    entries handed over at a time
     * @param batchesAhead batches that may wait for the reader: with {@code batchSize}, what it holds at most
     */
    public ReadAhead(Iterator<T> source, int batchSize, int batchesAhead, String threadName) {
        batches = new ArrayBlockingQueue<>(batchesAhead);
        thread = new Thread(() -> produce(source, batchSize), threadName);
        thread.setDaemon(true);
        thread.start();
    }

    private void produce(Iterator<T> source, int batchSize) {
        Object last = END;
        List<T> batch = new ArrayList<>(batchSize);
        try {
            while (!closed && source.hasNext()) {
                batch.add(source.next());
                if (batch.size() == batchSize) {
                    hand(batch);
                    batch = new ArrayList<>(batchSize);
                }
            }
        } catch (InterruptedException e) {
            // nothing interrupts this thread but the JVM's end: the reader must not wait for ever all the same
            last = new IllegalStateException("Reading ahead was interrupted", e);
        } catch (RuntimeException | Error e) {
            last = e; // the reader rethrows it, after the entries before it
        }
        try {
            if (!batch.isEmpty()) {
                hand(batch);
            }
            hand(last);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void hand(Object item) throws InterruptedException {
        while (!closed && !batches.offer(item, 100, TimeUnit.MILLISECONDS)) {
            // the reader is busy with the batches before
        }
    }

    @Override
    public boolean hasNext() {
        while (!current.hasNext() && !ended) {
            Object item;
            try {
                item = batches.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while reading ahead", e);
            }
            if (item == END) {
                ended = true;
            } else if (item instanceof RuntimeException failure) {
                ended = true;
                throw failure;
            } else if (item instanceof Error failure) {
                ended = true;
                throw failure;
            } else {
                @SuppressWarnings("unchecked")
                List<T> batch = (List<T>) item;
                current = batch.iterator();
            }
        }
        return current.hasNext();
    }

    @Override
    public T next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        return current.next();
    }

    /** Stops the source's thread (within a wait of 100 ms) and waits for it. */
    @Override
    public void close() {
        closed = true;
        batches.clear();
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
