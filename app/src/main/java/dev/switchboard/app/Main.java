package dev.switchboard.app;

import dev.switchboard.bench.BenchCommand;
import dev.switchboard.desktop.GuiCommand;
import dev.switchboard.server.ServerCommand;
import dev.switchboard.terminal.ChatCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code switchboard} command: one entry point for every part of the project. */
@Command(name = "switchboard",
        mixinStandardHelpOptions = true,
        versionProvider = Version.class,
        description = "Switchboard: a TCP chat server, its clients and its load generator.",
        subcommands = {ServerCommand.class, ChatCommand.class, GuiCommand.class, BenchCommand.class, CommandLine.HelpCommand.class},
        footer = {"", "The ./switchboard launcher adds its own commands: ./switchboard --help."})
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        // Every subcommand returns only when its work is over (the server when it has stopped, a
        // window when it is closed), so the exit code is final here.
        System.exit(commandLine().execute(args));
    }

    /** The whole command line, every subcommand configured as {@link #main} runs it. */
    static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        UsageErrors.install(cl);
        return cl;
    }
}
