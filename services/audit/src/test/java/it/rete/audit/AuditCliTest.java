package it.rete.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.Callable;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** How the tool ends when a command fails in a way no command expects: a line, and an exit code of its own. */
class AuditCliTest {

    @Command(name = "exhaust")
    static class RunsOutOfMemory implements Callable<Integer> {
        @Override
        public Integer call() {
            throw new OutOfMemoryError("Java heap space");
        }
    }

    @Command(name = "break")
    static class FailsUnexpectedly implements Callable<Integer> {
        @Override
        public Integer call() {
            throw new IllegalStateException("a bug");
        }
    }

    @Command(name = "refuse")
    static class Refuses implements Callable<Integer> {
        @Override
        public Integer call() {
            throw new AuditException(ExitCodes.NOT_FOUND, "no such case");
        }
    }

    private record Ended(int exitCode, String err) {
    }

    private static Ended run(String command) {
        CommandLine cli = AuditCli.commandLine();
        cli.addSubcommand(new RunsOutOfMemory()).addSubcommand(new FailsUnexpectedly()).addSubcommand(new Refuses());
        StringWriter err = new StringWriter();
        cli.setErr(new PrintWriter(err, true));
        cli.setOut(new PrintWriter(new StringWriter(), true));
        return new Ended(cli.execute(command), err.toString());
    }

    @Test
    void outOfMemoryIsAFailureThatSaysWhatToChange() {
        Ended ended = run("exhaust");
        assertThat(ended.exitCode()).isEqualTo(ExitCodes.FAILED);
        assertThat(ended.err()).startsWith("audit exhaust: out of memory (Java heap space) in a heap of ")
                .contains("AUDIT_JAVA_OPTS=-Xmx").contains("--memory-mb");
    }

    @Test
    void anUnexpectedErrorIsAFailureNotAViolation() {
        Ended ended = run("break");
        assertThat(ended.exitCode()).isEqualTo(ExitCodes.FAILED).isNotEqualTo(ExitCodes.VIOLATIONS);
        assertThat(ended.err()).startsWith("audit break: unexpected error: java.lang.IllegalStateException: a bug")
                .contains("at it.rete.audit.AuditCliTest");
    }

    @Test
    void anAuditExceptionKeepsItsExitCodeAndPrintsItsLineAlone() {
        Ended ended = run("refuse");
        assertThat(ended.exitCode()).isEqualTo(ExitCodes.NOT_FOUND);
        assertThat(ended.err()).isEqualTo("audit refuse: no such case" + System.lineSeparator());
    }
}
