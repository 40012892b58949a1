package dev.switchboard.irc;

import dev.switchboard.core.User;

/**
 * How IRC clients see one user: nick, user and host (never an IP address), real name. Made once
 * per user and cached in the user's encodings ({@link IrcFrontEnd#IDENTITY}): by the user's own
 * IRC session at login, or, for a user of another front end, from the name alone the first time
 * anyone needs it.
 *
 * @param nick the nick: the username itself or its alias ({@link Nicks})
 * @param user the user part: {@code ~ident} for IRC users, the nick (cut to USERLEN) otherwise
 * @param host {@link #IRC_HOST} or {@link #LINE_HOST}
 * @param realname what the user gave in {@code USER}; the username itself for others
 * @param viaIrc whether the user is on IRC
 * @param prefix {@code :nick!user@host}, the source of the user's lines, in UTF-8
 */
record IrcIdentity(String nick, String user, String host, String realname, boolean viaIrc, byte[] prefix) {

    /** The host part of every IRC user: where they came from is nobody's business. */
    static final String IRC_HOST = "irc.switchboard";

    /** The host part of every user of the line protocol. */
    static final String LINE_HOST = "line.switchboard";

    static IrcIdentity of(String nick, String user, String host, String realname, boolean viaIrc) {
        return new IrcIdentity(nick, user, host, realname, viaIrc, IrcOut.utf8(":" + nick + "!" + user + "@" + host));
    }

    /** A user who is not on IRC: known by name only. */
    static IrcIdentity ofName(User u) {
        String nick = Nicks.nickOf(u.name());
        String user = nick.length() <= IrcLimits.USERLEN ? nick : nick.substring(0, IrcLimits.USERLEN);
        return of(nick, user, LINE_HOST, u.name(), false);
    }

    /** {@code nick!user@host}. */
    String mask() {
        return nick + "!" + user + "@" + host;
    }
}
