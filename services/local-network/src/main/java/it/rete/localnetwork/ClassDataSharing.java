package it.rete.localnetwork;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Class data sharing for the partner JVMs, after Spring Boot's recipe: the jar is extracted once (the application's
 * classes on a plain class path, which the JVM can archive), then a training run loads the application and refreshes
 * its context ({@code -Dspring.context.exit=onRefresh}) and writes a dynamic archive at exit
 * ({@code -XX:ArchiveClassesAtExit}). Every partner then starts from the extracted jar with
 * {@code -XX:SharedArchiveFile}: the classes come parsed and verified from the archive, mapped read-only and shared by
 * the partners' JVMs.
 *
 * <p>Kept under {@code <directory>/<jar name>-<digest>}, the digest covering the jar's bytes, the JVM's version and the
 * JVM options (an archive only fits the JVM and class path it was made with), so a new build or JVM is extracted and
 * trained again. If anything fails the partners start from the jar as it is: slower, never broken.
 */
final class ClassDataSharing {

    private static final Logger log = LoggerFactory.getLogger(ClassDataSharing.class);
    private static final String ARCHIVE = "classes.jsa";
    private static final String TRAINING_ID = "cds-training";

    /** How to start a partner: the jar and the JVM options to use. */
    record Launch(Path jar, List<String> jvmOptions, String summary) {
    }

    private ClassDataSharing() {
    }

    /**
     * Extracts and trains if needed.
     *
     * @param jvmOptions the partners' JVM options (the training run uses the same)
     * @param trainingLog where the training run's output goes
     */
    static Launch prepare(Path jar, Path directory, List<String> jvmOptions, Path trainingLog, Duration timeout) {
        try {
            String name = jar.getFileName().toString().replaceFirst("\\.jar$", "");
            Path home = directory.resolve(name + "-" + digest(jar, jvmOptions));
            Path extractedJar = home.resolve("application").resolve(jar.getFileName());
            Path archive = home.resolve(ARCHIVE);
            if (!isSpringBootJar(jar)) {
                return new Launch(jar, jvmOptions, "off: " + jar.getFileName() + " is not a Spring Boot jar");
            }
            if (Files.isRegularFile(archive) && Files.isRegularFile(extractedJar)) {
                return withArchive(extractedJar, archive, jvmOptions, "archive of an earlier start");
            }
            removeOthers(directory, home);
            if (!Files.isRegularFile(extractedJar)) {
                extract(jar, home.resolve("application"), trainingLog, timeout);
            }
            Optional<String> failure = train(extractedJar, home, archive, jvmOptions, trainingLog, timeout);
            if (failure.isPresent()) {
                log.warn("Class data sharing: {}; partners start without an archive (see {})", failure.get(),
                        trainingLog);
                return new Launch(extractedJar, jvmOptions, "no archive: " + failure.get() + ", see " + trainingLog);
            }
            return withArchive(extractedJar, archive, jvmOptions, "archive made by a training run");
        } catch (IOException | RuntimeException e) {
            log.warn("Class data sharing unavailable, partners start from {}: {}", jar, e.toString());
            return new Launch(jar, jvmOptions, "unavailable: " + e.getMessage());
        }
    }

    /** Only a Spring Boot jar can extract itself ({@code -Djarmode=tools}) and exit after its context's refresh. */
    private static boolean isSpringBootJar(Path jar) throws IOException {
        try (JarFile file = new JarFile(jar.toFile())) {
            Manifest manifest = file.getManifest();
            return manifest != null && manifest.getMainAttributes().getValue("Spring-Boot-Version") != null;
        }
    }

    private static Launch withArchive(Path extractedJar, Path archive, List<String> jvmOptions, String how) {
        List<String> options = new ArrayList<>(jvmOptions);
        options.add("-XX:SharedArchiveFile=" + archive);
        return new Launch(extractedJar, List.copyOf(options), how + " (" + archive + ")");
    }

    /** {@code java -Djarmode=tools -jar app.jar extract}, into a fresh folder moved into place when complete. */
    private static void extract(Path jar, Path destination, Path outputLog, Duration timeout) throws IOException {
        Path partial = destination.resolveSibling(destination.getFileName() + ".partial");
        deleteRecursively(partial);
        Files.createDirectories(partial.getParent());
        int exit = run(List.of(ChildProcesses.javaExecutable(), "-Djarmode=tools", "-jar", jar.toString(), "extract",
                "--destination", partial.toString()), outputLog, timeout);
        if (exit != 0 || !Files.isRegularFile(partial.resolve(jar.getFileName()))) {
            throw new IllegalStateException("extracting " + jar + " failed (exit " + exit + ", see " + outputLog + ")");
        }
        Files.move(partial, destination, StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * Starts the partner service with a throwaway identity and database, not connected to any broker (no topic is
     * created, no consumer started), which exits once its context has refreshed; the archive is written at exit.
     */
    private static Optional<String> train(Path extractedJar, Path home, Path archive, List<String> jvmOptions,
            Path outputLog, Duration timeout) throws IOException {
        Path data = home.resolve("training");
        Path partial = home.resolve(ARCHIVE + ".partial");
        deleteRecursively(data);
        Files.deleteIfExists(partial);
        List<String> command = new ArrayList<>();
        command.add(ChildProcesses.javaExecutable());
        command.addAll(jvmOptions);
        command.add("-XX:ArchiveClassesAtExit=" + partial);
        command.add("-Dspring.context.exit=onRefresh");
        command.addAll(List.of("-jar", extractedJar.toString(),
                "--rete.partner.id=" + TRAINING_ID,
                "--rete.network.partners=" + TRAINING_ID,
                "--rete.data-dir=" + data,
                "--server.address=127.0.0.1",
                "--server.port=0",
                "--spring.kafka.admin.auto-create=false",
                // nothing listens on the discard port: no broker is contacted (the health check's client retries)
                "--spring.kafka.bootstrap-servers=127.0.0.1:9",
                "--logging.level.org.apache.kafka=ERROR"));
        int exit;
        try {
            exit = run(command, outputLog, timeout);
        } finally {
            stopLeftOverPostgres(data);
            deleteRecursively(data);
        }
        if (exit != 0 || !Files.isRegularFile(partial) || Files.size(partial) == 0) {
            Files.deleteIfExists(partial);
            return Optional.of("training run failed (exit " + exit + ")");
        }
        Files.move(partial, archive, StandardCopyOption.ATOMIC_MOVE);
        return Optional.empty();
    }

    /** The training run's embedded PostgreSQL detaches from its JVM and may outlive a JVM that exits mid-refresh. */
    private static void stopLeftOverPostgres(Path data) {
        Path pidFile = data.resolve("postgres").resolve("postmaster.pid");
        try {
            if (!Files.isRegularFile(pidFile)) {
                return;
            }
            try (Stream<String> lines = Files.lines(pidFile)) {
                lines.findFirst().map(String::trim).map(Long::parseLong).flatMap(ProcessHandle::of)
                        // the file may be stale and its pid reused: only a server of this data directory
                        .filter(process -> process.info().commandLine().orElse("").contains(data.toString()))
                        .ifPresent(postgres -> ChildProcesses.stop(postgres, Duration.ofSeconds(30)));
            }
        } catch (IOException | RuntimeException e) {
            log.warn("Could not stop the training run's PostgreSQL ({}): {}", pidFile, e.toString());
        }
    }

    private static int run(List<String> command, Path outputLog, Duration timeout) throws IOException {
        Files.createDirectories(outputLog.getParent());
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(outputLog.toFile())).start();
        // Ctrl-C while it runs stops it too
        Thread stopper = new Thread(() -> ChildProcesses.stop(process, Duration.ofSeconds(10)), "cds-stopper");
        Runtime.getRuntime().addShutdownHook(stopper);
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                ChildProcesses.stop(process, Duration.ofSeconds(10));
                return -1;
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            ChildProcesses.stop(process, Duration.ofSeconds(10));
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while running " + command.get(command.size() - 1), e);
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(stopper);
            } catch (IllegalStateException shuttingDown) {
                // the hook runs now
            }
        }
    }

    /** SHA-256 of the jar's bytes, the JVM's version and the options, first 16 hex digits. */
    static String digest(Path jar, List<String> jvmOptions) throws IOException {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            try (InputStream in = Files.newInputStream(jar)) {
                byte[] buffer = new byte[1 << 16];
                for (int n; (n = in.read(buffer)) > 0; ) {
                    sha.update(buffer, 0, n);
                }
            }
            sha.update((System.getProperty("java.home") + "\n" + System.getProperty("java.vm.version") + "\n"
                    + String.join("\n", jvmOptions)).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha.digest()).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Archives of other jars or JVMs are of no further use. */
    private static void removeOthers(Path directory, Path keep) throws IOException {
        if (!Files.isDirectory(directory)) {
            return;
        }
        String prefix = keep.getFileName().toString().replaceFirst("-[0-9a-f]+$", "-");
        try (Stream<Path> entries = Files.list(directory)) {
            for (Path entry : entries.toList()) {
                if (!entry.equals(keep) && entry.getFileName().toString().startsWith(prefix)) {
                    deleteRecursively(entry);
                }
            }
        }
    }

    private static void deleteRecursively(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(path)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
