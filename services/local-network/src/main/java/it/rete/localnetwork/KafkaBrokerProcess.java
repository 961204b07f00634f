package it.rete.localnetwork;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@link KafkaBrokerMain} started as a child JVM: a broker that a test or a tool can stop cleanly
 * ({@link #close()}), or kill outright ({@link #kill()}) and start again on the same data directory and port.
 */
public final class KafkaBrokerProcess implements AutoCloseable {

    private final Process process;
    private final int port;
    private final Path logFile;

    private KafkaBrokerProcess(Process process, int port, Path logFile) {
        this.process = process;
        this.port = port;
        this.logFile = logFile;
    }

    /**
     * Starts the broker and returns once it serves clients.
     *
     * @param classPath a class path holding this module and Kafka (e.g. the caller's {@code java.class.path})
     * @param jvmOptions extra JVM options (heap limits, ...)
     */
    public static KafkaBrokerProcess start(Path dataDir, int port, Path secrets, Path logFile, String classPath,
            List<String> jvmOptions, Duration timeout) {
        List<String> command = new ArrayList<>();
        command.add(ChildProcesses.javaExecutable());
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(classPath);
        command.add(KafkaBrokerMain.class.getName());
        command.addAll(List.of("--data-dir", dataDir.toString(), "--port", String.valueOf(port),
                "--secrets", secrets.toString()));
        Process process;
        try {
            Files.createDirectories(logFile.toAbsolutePath().getParent());
            process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile())).start();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start the Kafka broker process: " + command, e);
        }
        KafkaBrokerProcess broker = new KafkaBrokerProcess(process, port, logFile);
        long deadline = System.nanoTime() + timeout.toNanos();
        long logStart = sizeOf(logFile, 0);
        while (!broker.readySince(logStart)) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                broker.kill();
                throw new IllegalStateException("The Kafka broker process did not become ready on 127.0.0.1:" + port
                        + ". Last lines of " + logFile + ":\n" + ChildProcesses.tail(logFile, 40));
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                broker.kill();
                throw new IllegalStateException("Interrupted while the Kafka broker started", e);
            }
        }
        return broker;
    }

    private boolean readySince(long offset) {
        try {
            byte[] bytes = Files.readAllBytes(logFile);
            String text = new String(bytes, (int) Math.min(offset, bytes.length),
                    (int) (bytes.length - Math.min(offset, bytes.length)), java.nio.charset.StandardCharsets.UTF_8);
            return text.contains(KafkaBrokerMain.READY);
        } catch (IOException e) {
            return false;
        }
    }

    private static long sizeOf(Path file, long otherwise) {
        try {
            return Files.exists(file) ? Files.size(file) : otherwise;
        } catch (IOException e) {
            return otherwise;
        }
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** SIGKILL: no shutdown of any kind, as in a crash or a power cut of the broker's machine. */
    public void kill() {
        process.destroyForcibly();
        try {
            process.onExit().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException e) {
            // it is gone either way
        }
    }

    /** SIGTERM and wait: the broker closes its logs cleanly. */
    @Override
    public void close() {
        ChildProcesses.stop(process, Duration.ofSeconds(30));
    }
}
