package dev.switchboard.irc;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * What IRC clients are told about the server. The defaults live here.
 *
 * @param serverName the name IRC clients see as the server (the source of numerics, {@code PONG}, WHOIS)
 * @param network the network name ({@code NETWORK=} in {@code RPL_ISUPPORT}, the welcome line)
 * @param motd the message of the day, one line each; empty: {@code 422 ERR_NOMOTD}
 */
public record IrcConfig(String serverName, String network, List<String> motd) {

    public static final String DEFAULT_NETWORK = "Switchboard";

    /** Used when the host name is unknown or not a valid server name. */
    public static final String FALLBACK_SERVER_NAME = "switchboard";

    /** Says what is special here, so that an IRC user who reads the MOTD knows it. */
    public static final List<String> DEFAULT_MOTD = List.of(
            "Welcome to Switchboard: one chat for IRC clients and the line protocol (nc, the terminal and desktop clients).",
            "#lobby is everyone online; nobody leaves it. Other rooms are made by joining them.",
            "Names that are not IRC nicks show as aliases with a '|', e.g. zo|hua for zoë; WHOIS tells the real name.");

    public IrcConfig {
        String problem = serverNameProblem(serverName);
        if (problem != null) {
            throw new IllegalArgumentException("server name '" + serverName + "' " + problem);
        }
        if (network == null || network.isEmpty() || !network.matches("[A-Za-z0-9._-]{1,32}")) {
            throw new IllegalArgumentException("network name must be 1-32 of A-Z a-z 0-9 . _ -, got '" + network + "'");
        }
        motd = List.copyOf(motd);
    }

    /** The defaults, with {@code serverName}. */
    public static IrcConfig defaults(String serverName) {
        return new IrcConfig(serverName, DEFAULT_NETWORK, DEFAULT_MOTD);
    }

    /**
     * This machine's host name when it is a valid server name, else {@value #FALLBACK_SERVER_NAME}.
     * Looking it up may take a moment (a resolver), so the command line asks once.
     */
    public static String defaultServerName() {
        try {
            String h = InetAddress.getLocalHost().getHostName();
            return serverNameProblem(h) == null ? h : FALLBACK_SERVER_NAME;
        } catch (UnknownHostException | SecurityException e) {
            return FALLBACK_SERVER_NAME;
        }
    }

    /**
     * Null when {@code name} can be a server name: a host name (letters, digits, {@code -} and
     * {@code .}, 1 to 63 characters), which can never be mistaken for a nick's {@code nick!user@host}.
     */
    public static String serverNameProblem(String name) {
        if (name == null || name.isEmpty() || name.length() > 63) {
            return "must be 1-63 characters";
        }
        if (!name.matches("[A-Za-z0-9][A-Za-z0-9.-]*")) {
            return "must be a host name: letters, digits, '-' and '.', starting with a letter or digit";
        }
        return null;
    }
}
