package it.rete.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import it.rete.localnetwork.Ports;
import org.junit.jupiter.api.Test;

/** The runnable jar (target/audit.jar, its libraries in target/lib) as an auditor runs it. */
class JarIT {

    record Run(int exitCode, String out, String err) {
    }

    static Run java(String... args) throws Exception {
        Path jar = Path.of(System.getProperty("rete.audit.jar", "target/audit.jar"));
        assertThat(jar).exists();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx128m", "-jar", jar.toString()));
        command.addAll(List.of(args));
        return run(new ProcessBuilder(command));
    }

    static Run run(ProcessBuilder builder) throws Exception {
        Path out = Files.createTempFile("audit-out", ".txt");
        Path err = Files.createTempFile("audit-err", ".txt");
        Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        try {
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).as(builder.command() + " ended").isTrue();
            return new Run(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            process.destroyForcibly();
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    @Test
    void helpOnEveryCommand() throws Exception {
        Run top = java("--help");
        assertThat(top.exitCode()).isZero();
        assertThat(top.out()).contains("Usage: audit").contains("timeline").contains("state").contains("verify")
                .contains("export");
        for (String command : List.of("timeline", "state", "verify", "export")) {
            Run help = java(command, "--help");
            assertThat(help.exitCode()).as(command + " --help").isZero();
            assertThat(help.out()).contains("Usage: audit " + command).contains("--bootstrap-servers")
                    .contains("--registry-url").contains("127.0.0.1:9092");
        }
    }

    @Test
    void unreachableBrokerIsReportedWithItsExitCode() throws Exception {
        String nobody = "127.0.0.1:" + Ports.freePort();
        Run run = java("verify", "--bootstrap-servers", nobody, "--timeout", "3");
        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.UNAVAILABLE);
        assertThat(run.err()).contains("audit verify: Kafka at " + nobody + " did not answer within 3 s");
        assertThat(run.out()).isEmpty();
    }

    /** The launcher bin/audit: its class-data archive is written by a first replay, then mapped by the next. */
    @Test
    void launcherWritesItsClassDataArchiveOnceAndUsesIt() throws Exception {
        Path dir = Files.createTempDirectory("audit-cds");
        Path archive = dir.resolve("audit.jsa");
        String nobody = "127.0.0.1:" + Ports.freePort();
        String[] replay = {"verify", "--bootstrap-servers", nobody, "--timeout", "2"};

        assertThat(launcher(archive, "verify", "--help").exitCode()).isZero();
        assertThat(archive).as("no archive of the help alone").doesNotExist();

        Run first = launcher(archive, replay);
        assertThat(first.exitCode()).as(first.err()).isEqualTo(ExitCodes.UNAVAILABLE);
        assertThat(archive).exists();
        FileTime written = Files.getLastModifiedTime(archive);

        Run second = launcher(archive, replay);
        assertThat(second.exitCode()).as(second.err()).isEqualTo(ExitCodes.UNAVAILABLE);
        assertThat(second.err()).isEqualTo(first.err()).doesNotContain("cds").doesNotContain("CDS");
        assertThat(second.out()).isEmpty();
        assertThat(Files.getLastModifiedTime(archive)).as("archive kept").isEqualTo(written);

        assertThat(launcher(archive, "--version").exitCode()).isZero();
        Files.setLastModifiedTime(archive, FileTime.fromMillis(0)); // older than the jar: written again
        launcher(archive, replay);
        assertThat(Files.getLastModifiedTime(archive).toMillis()).as("archive rewritten").isGreaterThan(0);
        Files.delete(archive);
        Files.delete(dir);
    }

    static Run launcher(Path archive, String... args) throws Exception {
        Path jar = Path.of(System.getProperty("rete.audit.jar", "target/audit.jar"));
        List<String> command = new ArrayList<>(List.of("sh", Path.of("bin", "audit").toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("AUDIT_JAR", jar.toAbsolutePath().toString());
        builder.environment().put("AUDIT_CDS_ARCHIVE", archive.toString());
        builder.environment().put("PATH", Path.of(System.getProperty("java.home"), "bin") + File.pathSeparator
                + System.getenv("PATH"));
        return run(builder);
    }

    @Test
    void aSortBudgetTheHeapCannotHoldIsAUsageErrorBeforeAnythingIsRead() throws Exception {
        String nobody = "127.0.0.1:" + Ports.freePort();
        // the heap is 128 MB here: 96 MB of it are for the rest of the replay
        Run tooBig = java("verify", "--bootstrap-servers", nobody, "--timeout", "3", "--memory-mb", "64");
        assertThat(tooBig.exitCode()).as(tooBig.err()).isEqualTo(ExitCodes.USAGE);
        assertThat(tooBig.err()).contains("audit verify: --memory-mb 64 does not fit in the tool's heap of")
                .contains("at most --memory-mb");
        Run none = java("state", "--at", "2026-01-01T00:00:00Z", "--bootstrap-servers", nobody, "--timeout", "3",
                "--memory-mb", "0");
        assertThat(none.exitCode()).as(none.err()).isEqualTo(ExitCodes.USAGE);
        assertThat(none.err()).contains("--memory-mb must be at least 1, not 0");
    }

    /** The local network's auditor settings are found from any directory, and a broken one is named. */
    @Test
    void launcherUsesTheCheckoutsLocalNetworkSettingsFromAnotherDirectory() throws Exception {
        Path checkout = Files.createTempDirectory("audit-checkout");
        Path launcher = checkout.resolve("services/audit/bin/audit");
        Files.createDirectories(launcher.getParent());
        Files.copy(Path.of("bin", "audit"), launcher);
        Path settings = checkout.resolve(".local-network/clients/audit.properties");
        Files.createDirectories(settings.getParent());
        Files.writeString(settings, "security.protocol=SSL\nssl.truststore.type=PKCS12\n"
                + "ssl.truststore.location=" + checkout.resolve("no-truststore.p12") + "\nssl.truststore.password=x\n");
        Path elsewhere = Files.createTempDirectory("audit-cwd");
        Path jar = Path.of(System.getProperty("rete.audit.jar", "target/audit.jar"));
        ProcessBuilder builder = new ProcessBuilder("sh", launcher.toString(), "verify", "--bootstrap-servers",
                "127.0.0.1:" + Ports.freePort(), "--timeout", "2").directory(elsewhere.toFile());
        builder.environment().put("AUDIT_JAR", jar.toAbsolutePath().toString());
        builder.environment().put("AUDIT_CDS_ARCHIVE", "none");
        builder.environment().remove("KAFKA_CLIENT_CONFIG");
        builder.environment().put("PATH", Path.of(System.getProperty("java.home"), "bin") + File.pathSeparator
                + System.getenv("PATH"));
        Run run = run(builder);
        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("audit verify: The Kafka client settings in " + settings.toRealPath()
                + " cannot be used: no such file " + checkout.resolve("no-truststore.p12"));
        assertThat(run.err()).as("one line, no stack trace").doesNotContain("\tat ").doesNotContain("Exception");
    }

    @Test
    void missingCommandIsAUsageError() throws Exception {
        Run run = java();
        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("Missing command");
    }
}
