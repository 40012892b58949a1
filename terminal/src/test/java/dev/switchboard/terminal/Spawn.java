package dev.switchboard.terminal;

import java.util.ArrayList;
import java.util.List;

/** Command lines that start the chat command in a fresh JVM on the test class path. */
final class Spawn {
    private Spawn() {}

    static List<String> chat(String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse(System.getProperty("java.home") + "/bin/java"));
        cmd.add("--enable-native-access=ALL-UNNAMED");
        cmd.add("-Dswitchboard.log.level=WARN");
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(ChatCommand.class.getName());
        cmd.addAll(List.of(args));
        return cmd;
    }
}
