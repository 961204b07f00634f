package it.rete.localnetwork;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Helpers for the child JVMs of the local network. */
public final class ChildProcesses {

    private ChildProcesses() {
    }

    /** The {@code java} launcher of the running JVM. */
    public static String javaExecutable() {
        Path java = Paths.get(System.getProperty("java.home"), "bin", "java");
        return Files.isExecutable(java) ? java.toString() : "java";
    }

    /**
     * Stops a process and its descendants: SIGTERM, wait up to {@code grace}, then SIGKILL whatever is left.
     */
    public static void stop(Process process, Duration grace) {
        stop(process.toHandle(), grace);
    }

    public static void stop(ProcessHandle process, Duration grace) {
        List<ProcessHandle> descendants;
        try (Stream<ProcessHandle> stream = process.descendants()) {
            descendants = stream.collect(Collectors.toList());
        }
        process.destroy();
        descendants.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + grace.toNanos();
        boolean interrupted = false;
        for (ProcessHandle handle : concat(process, descendants)) {
            long left = Math.max(0, deadline - System.nanoTime());
            try {
                handle.onExit().get(left, TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                interrupted = true;
                break;
            } catch (Exception timeoutOrFailure) {
                break;
            }
        }
        for (ProcessHandle handle : concat(process, descendants)) {
            if (handle.isAlive()) {
                handle.destroyForcibly();
            }
        }
        for (ProcessHandle handle : concat(process, descendants)) {
            try {
                handle.onExit().get(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                interrupted = true;
            } catch (Exception ignored) {
                // gone or unkillable: nothing more to do
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private static List<ProcessHandle> concat(ProcessHandle first, List<ProcessHandle> rest) {
        return Stream.concat(Stream.of(first), rest.stream()).collect(Collectors.toList());
    }

    /** The last {@code lines} lines of a text file ("(no output)" if it is missing or empty). */
    public static String tail(Path file, int lines) {
        if (file == null || !Files.isReadable(file)) {
            return "(no output)";
        }
        byte[] bytes;
        try (java.nio.channels.SeekableByteChannel channel = Files.newByteChannel(file)) {
            long size = channel.size();
            int length = (int) Math.min(size, 64 * 1024);
            channel.position(size - length);
            java.nio.ByteBuffer buffer = java.nio.ByteBuffer.allocate(length);
            while (buffer.hasRemaining() && channel.read(buffer) > 0) {
                // read the end of the file
            }
            bytes = java.util.Arrays.copyOf(buffer.array(), buffer.position());
        } catch (IOException e) {
            return "(cannot read " + file + ": " + e.getMessage() + ")";
        }
        String[] all = new String(bytes, StandardCharsets.UTF_8).split("\\R");
        Deque<String> last = new ArrayDeque<>();
        for (int i = all.length - 1; i >= 0 && last.size() < lines; i--) {
            last.addFirst(all[i]);
        }
        String text = String.join("\n", last).strip();
        return text.isEmpty() ? "(no output)" : text;
    }
}
