package it.rete.audit.support;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;

import it.rete.audit.AuditCli;
import picocli.CommandLine;

/** Runs the tool in-process, as its main would, against the test stack. */
public final class Cli {

    public record Result(int exitCode, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    private Cli() {
    }

    /** {@code args} with the test stack's connection options after the command name. */
    public static Result run(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        TestStack stack = TestStack.get();
        all.addAll(1, List.of("--bootstrap-servers", stack.bootstrapServers(), "--registry-url", stack.registryUrl(),
                "--no-progress"));
        return runRaw(all.toArray(String[]::new));
    }

    public static Result runRaw(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = AuditCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(args);
        return new Result(code, out.toString(), err.toString());
    }
}
