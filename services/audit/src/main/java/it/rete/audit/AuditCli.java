package it.rete.audit;

import it.rete.audit.export.ExportCommand;
import it.rete.audit.state.StateCommand;
import it.rete.audit.timeline.TimelineCommand;
import it.rete.audit.verify.VerifyCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(name = "audit", mixinStandardHelpOptions = true, version = "Rete audit 0.1.0",
        description = {"Replays the partner ledgers of a Rete network from Kafka, read-only (its own consumer: no "
                + "consumer group, no committed offsets): case timelines, the state at an instant, verification of "
                + "the history, exports.",
                "Connects to the local network by default (--bootstrap-servers, --registry-url)."},
        subcommands = {TimelineCommand.class, StateCommand.class, VerifyCommand.class, ExportCommand.class,
                CommandLine.HelpCommand.class})
public class AuditCli implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        // the tool's own logging setup, named so that it never configures an application that has this jar as a library
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", "it/rete/audit/audit-logback.xml");
        }
        System.exit(commandLine().execute(args));
    }

    /** The tool's command line, also used in-process by tests. */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new AuditCli());
        cli.registerConverter(java.time.Instant.class, new TimeConverter());
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            AuditException audit = e instanceof AuditException known ? known : AuditException.unexpected(e);
            commandLine.getErr().println("audit " + commandLine.getCommandName() + ": " + audit.getMessage());
            if (!(e instanceof AuditException)) {
                e.printStackTrace(commandLine.getErr());
            }
            commandLine.getErr().flush();
            return audit.exitCode();
        });
        // picocli hands on Errors: one on the command's own thread gets the tool's message and exit code too
        CommandLine.IExecutionStrategy commands = new CommandLine.RunLast();
        cli.setExecutionStrategy(parseResult -> {
            try {
                return commands.execute(parseResult);
            } catch (OutOfMemoryError e) {
                throw new CommandLine.ExecutionException(parseResult.subcommand() == null ? cli
                        : parseResult.subcommand().commandSpec().commandLine(), "out of memory",
                        AuditException.outOfMemory(e));
            }
        });
        return cli;
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing command: timeline, state, verify or export");
    }
}
