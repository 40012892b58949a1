package dev.switchboard.irc;

import dev.switchboard.core.Room;
import dev.switchboard.core.RoomMember;
import dev.switchboard.core.RoomResult;
import dev.switchboard.core.Text;
import dev.switchboard.core.User;
import dev.switchboard.protocol.RoomNames;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Every IRC command the server takes, in one table: its handler, its minimum number of
 * parameters (fewer get {@code 461 ERR_NEEDMOREPARAMS} before the handler runs) and whether it
 * needs registration ({@code 451 ERR_NOTREGISTERED} before). Unknown commands get
 * {@code 421 ERR_UNKNOWNCOMMAND}. Handlers run on the session's reader thread.
 */
final class IrcCommands {
    private IrcCommands() {}

    interface Handler {
        void handle(IrcSession s, IrcMessage m);
    }

    /** One command: its handler, minimum parameters, and whether registration must come first. */
    record Command(String name, int minParams, boolean needsRegistration, Handler handler) { }

    static final Map<String, Command> TABLE;

    static {
        Map<String, Command> t = new TreeMap<>();
        for (Command c : List.of(
                // registration and connection
                new Command("CAP", 1, false, IrcCommands::cap),
                new Command("NICK", 0, false, IrcCommands::nick),
                new Command("USER", 4, false, IrcCommands::user),
                new Command("PASS", 1, false, IrcCommands::pass),
                new Command("PING", 1, false, IrcCommands::ping),
                new Command("PONG", 0, false, (s, m) -> { }), // any line proves the client alive
                new Command("QUIT", 0, false, IrcCommands::quit),
                // messages
                new Command("PRIVMSG", 0, true, (s, m) -> message(s, m, false)),
                new Command("NOTICE", 0, true, (s, m) -> message(s, m, true)),
                // channels
                new Command("JOIN", 1, true, IrcCommands::join),
                new Command("PART", 1, true, IrcCommands::part),
                new Command("NAMES", 0, true, IrcCommands::names),
                new Command("TOPIC", 1, true, IrcCommands::topic),
                new Command("KICK", 2, true, IrcCommands::kick),
                new Command("MODE", 1, true, IrcCommands::mode),
                new Command("LIST", 0, true, IrcCommands::list),
                // users
                new Command("WHO", 0, true, IrcCommands::who),
                new Command("WHOIS", 0, true, IrcCommands::whois),
                new Command("WHOWAS", 0, true, IrcCommands::whowas),
                new Command("ISON", 1, true, IrcCommands::ison),
                new Command("USERHOST", 1, true, IrcCommands::userhost),
                new Command("AWAY", 0, true, IrcCommands::away),
                // server
                new Command("LUSERS", 0, true, (s, m) -> s.lusersLines(s.nick, s.core.usersOnline()).forEach(s.link::send)),
                new Command("MOTD", 0, true, (s, m) -> s.motdLines(s.nick).forEach(s.link::send)),
                new Command("VERSION", 0, true, IrcCommands::version),
                new Command("TIME", 0, true, IrcCommands::time))) {
            t.put(c.name(), c);
        }
        TABLE = Map.copyOf(t);
    }

    /** Runs {@code m}'s handler, or answers why it cannot run. */
    static void dispatch(IrcSession s, IrcMessage m) {
        Command c = TABLE.get(m.command());
        if (c == null) {
            s.reply(Numeric.ERR_UNKNOWNCOMMAND, m.command());
        } else if (c.needsRegistration() && s.state != IrcSession.State.ONLINE) {
            s.reply(Numeric.ERR_NOTREGISTERED);
        } else if (m.params().size() < c.minParams()) {
            s.reply(Numeric.ERR_NEEDMOREPARAMS, m.command());
        } else {
            c.handler().handle(s, m);
        }
    }

    // ---- registration ----

    /**
     * IRCv3 capability negotiation. The server offers no capability yet (none is needed, and
     * only correct ones would be offered), so LS and LIST are empty and every REQ is refused
     * whole; LS or REQ before registration holds registration until END. With nothing offered,
     * {@code CAP LS 302} is answered as {@code CAP LS}: there are no values, no continuation
     * lines, and no capability will ever come or go ({@code cap-notify}).
     */
    private static void cap(IrcSession s, IrcMessage m) {
        String sub = m.param(0).toUpperCase(Locale.ROOT);
        String who = s.state == IrcSession.State.ONLINE ? s.nick : "*";
        switch (sub) {
            case "LS" -> {
                if (s.state == IrcSession.State.REGISTERING) {
                    s.capNegotiating = true;
                }
                s.send("CAP", who, "LS", "");
            }
            case "LIST" -> s.send("CAP", who, "LIST", "");
            case "REQ" -> {
                if (s.state == IrcSession.State.REGISTERING) {
                    s.capNegotiating = true;
                }
                String asked = m.param(1) == null ? "" : m.param(1);
                if (asked.isBlank()) {
                    s.send("CAP", who, "ACK", "");
                } else {
                    s.send("CAP", who, "NAK", asked);
                }
            }
            case "END" -> {
                if (s.state == IrcSession.State.REGISTERING && s.capNegotiating) {
                    s.capNegotiating = false;
                    s.tryRegister();
                }
            }
            default -> s.reply(Numeric.ERR_INVALIDCAPCMD, m.param(0));
        }
    }

    private static void nick(IrcSession s, IrcMessage m) {
        String wanted = m.param(0);
        if (wanted == null || wanted.isEmpty()) {
            s.reply(Numeric.ERR_NONICKNAMEGIVEN);
            return;
        }
        if (s.state == IrcSession.State.ONLINE) {
            if (!wanted.equals(s.nick)) {
                s.reply(Numeric.ERR_NONICKCHANGE);
            }
            return;
        }
        String problem = Nicks.registrationProblem(wanted);
        if (problem != null) {
            s.replyText(Numeric.ERR_ERRONEUSNICKNAME, "Erroneous nickname: " + problem, wanted);
            return;
        }
        if (s.core.find(wanted) != null) {
            s.reply(Numeric.ERR_NICKNAMEINUSE, wanted);
            return;
        }
        s.nick = wanted;
        s.tryRegister();
    }

    private static void user(IrcSession s, IrcMessage m) {
        if (s.state == IrcSession.State.ONLINE || s.ident != null) {
            s.reply(Numeric.ERR_ALREADYREGISTERED);
            return;
        }
        String realname = m.param(3);
        if (m.param(0).isEmpty() || realname.isEmpty()) {
            s.reply(Numeric.ERR_NEEDMOREPARAMS, "USER");
            return;
        }
        s.ident = m.param(0);
        s.realname = IrcOut.clip(realname, IrcLimits.REALNAMELEN);
        s.tryRegister();
    }

    /** The server has no password: PASS is taken and ignored before registration, refused after. */
    private static void pass(IrcSession s, IrcMessage m) {
        if (s.state == IrcSession.State.ONLINE) {
            s.reply(Numeric.ERR_ALREADYREGISTERED);
        }
    }

    private static void ping(IrcSession s, IrcMessage m) {
        s.send("PONG", s.fe.serverName(), m.param(0));
    }

    private static void quit(IrcSession s, IrcMessage m) {
        String reason = m.param(0) == null ? "" : IrcOut.clip(m.param(0), IrcLimits.KICKLEN);
        String shown = reason.isEmpty() ? "Quit" : "Quit: " + reason;
        s.end(reason.isEmpty() ? "quit" : "quit: " + reason,
                IrcOut.line(null, "ERROR", "Closing link: " + IrcIdentity.IRC_HOST + " (" + shown + ")"));
    }

    // ---- messages ----

    /**
     * PRIVMSG and NOTICE to nicks (aliases included), {@code #lobby} (everyone) and rooms, up to
     * {@link IrcLimits#MAX_MESSAGE_TARGETS} targets. A NOTICE never gets an error back (RFC 2812
     * section 3.3.2: no automatic reply to a notice, from servers either).
     */
    private static void message(IrcSession s, IrcMessage m, boolean notice) {
        String cmd = notice ? "NOTICE" : "PRIVMSG";
        if (m.params().isEmpty() || m.param(0).isEmpty()) {
            if (!notice) {
                s.replyText(Numeric.ERR_NORECIPIENT, "No recipient given (" + cmd + ")");
            }
            return;
        }
        if (m.params().size() < 2 || m.param(1).isEmpty()) {
            if (!notice) {
                s.reply(Numeric.ERR_NOTEXTTOSEND);
            }
            return;
        }
        Text text = Text.of(m.param(1));
        Set<String> targets = new LinkedHashSet<>(List.of(m.param(0).split(",")));
        int n = 0;
        for (String target : targets) {
            if (target.isEmpty() || n++ == IrcLimits.MAX_MESSAGE_TARGETS) {
                continue;
            }
            if (RoomNames.looksLikeRoom(target)) {
                RoomResult r = s.core.sendToRoom(s.client, target, text, notice);
                if (!notice) {
                    switch (r) {
                        case OK, ALREADY_IN -> { }
                        case NOT_IN_ROOM -> s.reply(Numeric.ERR_CANNOTSENDTOCHAN, target);
                        default -> s.reply(Numeric.ERR_NOSUCHCHANNEL, target);
                    }
                }
                continue;
            }
            User to = findNick(s, target);
            boolean delivered = to != null && s.core.sendPrivate(s.client, to, text, notice);
            if (!notice) {
                if (!delivered) {
                    s.reply(Numeric.ERR_NOSUCHNICK, target);
                } else {
                    IrcSession other = IrcFrontEnd.sessionOf(to);
                    String awayText = other == null ? null : other.away;
                    if (awayText != null) {
                        s.replyText(Numeric.RPL_AWAY, awayText, IrcFrontEnd.identity(to).nick());
                    }
                }
            }
        }
    }

    /** The user online under {@code nick} (a plain nick or an alias), or null. */
    static User findNick(IrcSession s, String nick) {
        String name = Nicks.usernameOf(nick);
        return name == null ? null : s.core.find(name);
    }

    // ---- channels ----

    private static void join(IrcSession s, IrcMessage m) {
        if (m.param(0).equals("0")) {
            for (Room r : new ArrayList<>(s.user().rooms())) {
                s.core.leave(s.client, r.name(), "");
            }
            return;
        }
        for (String name : m.param(0).split(",")) {
            if (name.isEmpty()) {
                continue;
            }
            if (!RoomNames.isValid(name) || IrcOut.utf8Length(name) > 4 * IrcLimits.CHANNELLEN) {
                s.reply(Numeric.ERR_NOSUCHCHANNEL, name);
                continue;
            }
            // Joining #lobby, or a room one is in, changes nothing and says nothing.
            s.core.join(s.client, name);
        }
    }

    private static void part(IrcSession s, IrcMessage m) {
        String reason = m.param(1) == null ? "" : IrcOut.clip(m.param(1), IrcLimits.KICKLEN);
        for (String name : m.param(0).split(",")) {
            if (name.isEmpty()) {
                continue;
            }
            switch (s.core.leave(s.client, name, reason)) {
                case OK, ALREADY_IN -> { }
                case LOBBY -> s.replyText(Numeric.ERR_UNKNOWNERROR,
                        "Nobody leaves " + RoomNames.LOBBY + ": it is everyone online", "PART", RoomNames.LOBBY);
                case NOT_IN_ROOM -> s.reply(Numeric.ERR_NOTONCHANNEL, name);
                default -> s.reply(Numeric.ERR_NOSUCHCHANNEL, name);
            }
        }
    }

    /** NAMES with a channel: its names and 366; without: only 366 (the lobby is everyone anyway). */
    private static void names(IrcSession s, IrcMessage m) {
        if (m.params().isEmpty() || m.param(0).isEmpty()) {
            s.reply(Numeric.RPL_ENDOFNAMES, "*");
            return;
        }
        String name = m.param(0).split(",")[0];
        if (RoomNames.isLobby(name)) {
            sendBatched(s, namesLines(s, RoomNames.LOBBY, s.fe.lobbyRuns(s.core.users())));
        } else {
            Room room = RoomNames.isValid(name) ? s.core.room(name) : null;
            if (room != null) {
                sendBatched(s, namesLines(s, room.name(), s.fe.roomRuns(room, room.members())));
            }
        }
        s.reply(Numeric.RPL_ENDOFNAMES, name);
    }

    private static List<byte[]> namesLines(IrcSession s, String channel, List<String> runs) {
        List<byte[]> out = new ArrayList<>(runs.size());
        for (String run : runs) {
            out.add(s.numericText(Numeric.RPL_NAMREPLY, run, "=", channel));
        }
        return out;
    }

    private static void topic(IrcSession s, IrcMessage m) {
        String name = m.param(0);
        if (m.params().size() >= 2) {
            if (RoomNames.isLobby(name)) {
                s.reply(Numeric.ERR_CHANOPRIVSNEEDED, RoomNames.LOBBY);
                return;
            }
            switch (s.core.setTopic(s.client, name, IrcOut.clip(m.param(1), IrcLimits.TOPICLEN))) {
                case OK -> { }
                case NOT_IN_ROOM -> s.reply(Numeric.ERR_NOTONCHANNEL, name);
                case NOT_OPERATOR -> s.reply(Numeric.ERR_CHANOPRIVSNEEDED, name);
                default -> s.reply(Numeric.ERR_NOSUCHCHANNEL, name);
            }
            return;
        }
        if (RoomNames.isLobby(name)) {
            s.link.send(s.topicLine(RoomNames.LOBBY, IrcFrontEnd.LOBBY_TOPIC));
            s.link.send(s.topicWhoTime(RoomNames.LOBBY, "", s.fe.created().toEpochMilli()));
            return;
        }
        Room room = RoomNames.isValid(name) ? s.core.room(name) : null;
        if (room == null) {
            s.reply(Numeric.ERR_NOSUCHCHANNEL, name);
            return;
        }
        Room.Topic t = room.topic();
        if (t.text().isEmpty()) {
            s.reply(Numeric.RPL_NOTOPIC, room.name());
        } else {
            s.link.send(s.topicLine(room.name(), t.text()));
            s.link.send(s.topicWhoTime(room.name(), t.setter(), t.setAtMillis()));
        }
    }

    private static void kick(IrcSession s, IrcMessage m) {
        String channel = m.param(0).split(",")[0];
        String reason = m.param(2) == null ? "" : IrcOut.clip(m.param(2), IrcLimits.KICKLEN);
        for (String nick : m.param(1).split(",")) {
            if (nick.isEmpty()) {
                continue;
            }
            if (RoomNames.isLobby(channel)) {
                s.reply(Numeric.ERR_CHANOPRIVSNEEDED, RoomNames.LOBBY);
                return;
            }
            User victim = findNick(s, nick);
            if (victim == null) {
                s.reply(Numeric.ERR_NOSUCHNICK, nick);
                continue;
            }
            switch (s.core.kick(s.client, channel, victim.name(), reason)) {
                case OK -> { }
                case NO_SUCH_MEMBER -> s.reply(Numeric.ERR_USERNOTINCHANNEL, nick, channel);
                case NOT_IN_ROOM -> s.reply(Numeric.ERR_NOTONCHANNEL, channel);
                case NOT_OPERATOR -> s.reply(Numeric.ERR_CHANOPRIVSNEEDED, channel);
                default -> s.reply(Numeric.ERR_NOSUCHCHANNEL, channel);
            }
        }
    }

    private static void mode(IrcSession s, IrcMessage m) {
        String target = m.param(0);
        if (RoomNames.looksLikeRoom(target)) {
            channelMode(s, m, target);
        } else {
            userMode(s, m, target);
        }
    }

    /**
     * Rooms have fixed modes: {@code +n} (only members talk) and {@code +t} (only operators set
     * the topic), operators ({@code +o}) by the core's rule (the creator, then the member present
     * longest), and an always empty ban list. Queries are answered; changes are refused with the
     * reason.
     */
    private static void channelMode(IrcSession s, IrcMessage m, String target) {
        boolean lobby = RoomNames.isLobby(target);
        Room room = lobby || !RoomNames.isValid(target) ? null : s.core.room(target);
        if (!lobby && room == null) {
            s.reply(Numeric.ERR_NOSUCHCHANNEL, target);
            return;
        }
        String channel = lobby ? RoomNames.LOBBY : room.name();
        if (m.params().size() < 2) {
            long created = lobby ? s.fe.created().toEpochMilli() : room.createdAtMillis();
            s.reply(Numeric.RPL_CHANNELMODEIS, channel, IrcFrontEnd.FIXED_CHANNEL_MODES);
            s.reply(Numeric.RPL_CREATIONTIME, channel, String.valueOf(created / 1000));
            return;
        }
        boolean operator = !lobby && room.members().stream()
                .anyMatch(x -> x.user() == s.user() && x.operator());
        String modes = m.param(1);
        int arg = 2;
        boolean adding = true;
        boolean banListSent = false;
        Set<Character> unknownSent = new LinkedHashSet<>();
        for (int i = 0; i < modes.length(); i++) {
            char c = modes.charAt(i);
            switch (c) {
                case '+' -> adding = true;
                case '-' -> adding = false;
                case 'b' -> {
                    String mask = m.param(arg++);
                    if (mask == null) {
                        if (!banListSent) {
                            banListSent = true;
                            s.reply(Numeric.RPL_ENDOFBANLIST, channel);
                        }
                    } else if (!operator) {
                        s.reply(Numeric.ERR_CHANOPRIVSNEEDED, channel);
                    } else {
                        s.reply(Numeric.ERR_BANLISTFULL, channel, "b");
                    }
                }
                case 'o' -> {
                    String who = m.param(arg++);
                    if (who == null) {
                        continue;
                    }
                    if (!operator) {
                        s.reply(Numeric.ERR_CHANOPRIVSNEEDED, channel);
                    } else {
                        s.replyText(Numeric.ERR_UNKNOWNERROR, "Operators are not given by hand here: a room's creator, "
                                + "then the member present longest, is its operator", "MODE", "o");
                    }
                }
                case 'n', 't' -> {
                    if (!adding) {
                        if (!operator) {
                            s.reply(Numeric.ERR_CHANOPRIVSNEEDED, channel);
                        } else {
                            s.replyText(Numeric.ERR_UNKNOWNERROR, "Modes +nt are always set on rooms here", "MODE",
                                    String.valueOf(c));
                        }
                    }
                }
                default -> {
                    if (unknownSent.add(c)) {
                        s.reply(Numeric.ERR_UNKNOWNMODE, String.valueOf(c));
                    }
                }
            }
        }
    }

    private static void userMode(IrcSession s, IrcMessage m, String target) {
        if (!Nicks.fold(target).equals(Nicks.fold(s.nick))) {
            s.reply(findNick(s, target) == null ? Numeric.ERR_NOSUCHNICK : Numeric.ERR_USERSDONTMATCH, target);
            return;
        }
        if (m.params().size() < 2) {
            s.reply(Numeric.RPL_UMODEIS, s.invisible ? "+i" : "+");
            return;
        }
        boolean adding = true;
        StringBuilder changed = new StringBuilder();
        char lastSign = 0;
        boolean unknown = false;
        for (char c : m.param(1).toCharArray()) {
            switch (c) {
                case '+' -> adding = true;
                case '-' -> adding = false;
                case 'i' -> {
                    if (s.invisible != adding) {
                        s.invisible = adding;
                        if (adding) {
                            s.fe.invisible.incrementAndGet();
                        } else {
                            s.fe.invisible.decrementAndGet();
                        }
                        char sign = adding ? '+' : '-';
                        if (sign != lastSign) {
                            changed.append(sign);
                            lastSign = sign;
                        }
                        changed.append('i');
                    }
                }
                case 'o', 'O' -> { /* operator status is not taken by MODE; -o of a non-operator changes nothing */ }
                default -> unknown = true;
            }
        }
        if (unknown) {
            s.reply(Numeric.ERR_UMODEUNKNOWNFLAG);
        }
        if (!changed.isEmpty()) {
            s.link.send(IrcOut.bare(s.nick, "MODE", s.nick, changed.toString()));
        }
    }

    /** LIST: #lobby and every room (or the ones named), with their sizes and topics. */
    private static void list(IrcSession s, IrcMessage m) {
        List<byte[]> out = new ArrayList<>();
        Set<String> only = null;
        if (!m.params().isEmpty() && !m.param(0).isEmpty()) {
            only = new LinkedHashSet<>();
            for (String n : m.param(0).split(",")) {
                only.add(RoomNames.key(n));
            }
        }
        if (only == null || only.contains(RoomNames.key(RoomNames.LOBBY))) {
            out.add(s.numericText(Numeric.RPL_LIST, IrcFrontEnd.LOBBY_TOPIC, RoomNames.LOBBY,
                    String.valueOf(s.core.usersOnline())));
        }
        for (Room r : s.core.rooms()) {
            if (only == null || only.contains(r.key())) {
                out.add(s.numericText(Numeric.RPL_LIST, IrcOut.clip(r.topic().text(), IrcLimits.TOPICLEN), r.name(),
                        String.valueOf(r.size())));
            }
        }
        sendBatched(s, out);
        s.reply(Numeric.RPL_LISTEND);
    }

    // ---- users ----

    /**
     * WHO #channel (its members), WHO nick, WHO with a mask ({@code *} and {@code ?}, matched
     * against nick, user, host and real name of everyone online); {@code WHO}, {@code WHO 0} and
     * {@code WHO *} list everyone. The end line repeats the mask as given.
     */
    private static void who(IrcSession s, IrcMessage m) {
        String mask = m.params().isEmpty() || m.param(0).isEmpty() ? "*" : m.param(0);
        boolean opersOnly = "o".equals(m.param(1));
        List<byte[]> out = new ArrayList<>();
        if (!opersOnly) {
            if (RoomNames.looksLikeRoom(mask)) {
                if (RoomNames.isLobby(mask)) {
                    for (User u : s.core.users().users()) {
                        out.add(whoLine(s, RoomNames.LOBBY, u, false));
                    }
                } else {
                    Room room = RoomNames.isValid(mask) ? s.core.room(mask) : null;
                    if (room != null) {
                        for (RoomMember rm : room.members()) {
                            out.add(whoLine(s, room.name(), rm.user(), rm.operator()));
                        }
                    }
                }
            } else if (mask.equals("0") || mask.indexOf('*') >= 0 || mask.indexOf('?') >= 0) {
                for (User u : s.core.users().users()) {
                    IrcIdentity id = IrcFrontEnd.identity(u);
                    if (mask.equals("0") || Nicks.matches(mask, id.nick()) || Nicks.matches(mask, id.user())
                            || Nicks.matches(mask, id.host()) || Nicks.matches(mask, id.realname())
                            || Nicks.matches(mask, id.mask())) {
                        out.add(whoLine(s, "*", u, false));
                    }
                }
            } else {
                User u = findNick(s, mask);
                if (u != null) {
                    out.add(whoLine(s, "*", u, false));
                }
            }
        }
        sendBatched(s, out);
        s.reply(Numeric.RPL_ENDOFWHO, mask);
    }

    private static byte[] whoLine(IrcSession s, String channel, User u, boolean operator) {
        IrcIdentity id = IrcFrontEnd.identity(u);
        IrcSession other = IrcFrontEnd.sessionOf(u);
        String flags = (other != null && other.away != null ? "G" : "H") + (operator ? "@" : "");
        return s.numericText(Numeric.RPL_WHOREPLY, "0 " + id.realname(), channel, id.user(), id.host(),
                s.fe.serverName(), id.nick(), flags);
    }

    private static void whois(IrcSession s, IrcMessage m) {
        if (m.params().isEmpty() || m.param(0).isEmpty()) {
            s.reply(Numeric.ERR_NONICKNAMEGIVEN);
            return;
        }
        // WHOIS <server> <nick> asks a given server; there is one.
        String nicks = m.params().size() >= 2 ? m.param(1) : m.param(0);
        String nick = nicks.split(",")[0];
        User u = findNick(s, nick);
        if (u == null) {
            s.reply(Numeric.ERR_NOSUCHNICK, nick);
            s.reply(Numeric.RPL_ENDOFWHOIS, nick);
            return;
        }
        IrcIdentity id = IrcFrontEnd.identity(u);
        s.replyText(Numeric.RPL_WHOISUSER, id.realname(), id.nick(), id.user(), id.host(), "*");
        List<String> channels = new ArrayList<>();
        channels.add(RoomNames.LOBBY);
        for (Room r : u.rooms()) {
            boolean op = r.members().stream().anyMatch(x -> x.user() == u && x.operator());
            channels.add((op ? "@" : "") + r.name());
        }
        for (String run : s.fe.nameRuns(id.nick(), channels)) {
            s.replyText(Numeric.RPL_WHOISCHANNELS, run, id.nick());
        }
        s.replyText(Numeric.RPL_WHOISSERVER, s.fe.config().network() + " chat server", id.nick(), s.fe.serverName());
        IrcSession other = IrcFrontEnd.sessionOf(u);
        if (other != null && other.away != null) {
            s.replyText(Numeric.RPL_AWAY, other.away, id.nick());
        }
        if (!id.viaIrc()) {
            s.replyText(Numeric.RPL_WHOISSPECIAL, "is on the line protocol as " + u.name(), id.nick());
        }
        s.reply(Numeric.RPL_ENDOFWHOIS, id.nick());
    }

    /** No history of nicks is kept. */
    private static void whowas(IrcSession s, IrcMessage m) {
        if (m.params().isEmpty() || m.param(0).isEmpty()) {
            s.reply(Numeric.ERR_NONICKNAMEGIVEN);
            return;
        }
        String nick = m.param(0).split(",")[0];
        s.reply(Numeric.ERR_WASNOSUCHNICK, nick);
        s.reply(Numeric.RPL_ENDOFWHOWAS, nick);
    }

    private static void ison(IrcSession s, IrcMessage m) {
        List<String> online = new ArrayList<>();
        for (String p : m.params()) {
            for (String nick : p.split(" ")) {
                User u = nick.isEmpty() ? null : findNick(s, nick);
                if (u != null) {
                    online.add(IrcFrontEnd.identity(u).nick());
                }
            }
        }
        s.replyText(Numeric.RPL_ISON, String.join(" ", online));
    }

    private static void userhost(IrcSession s, IrcMessage m) {
        List<String> replies = new ArrayList<>();
        for (String p : m.params()) {
            for (String nick : p.split(" ")) {
                if (nick.isEmpty() || replies.size() == IrcLimits.MAX_USERHOST_TARGETS) {
                    continue;
                }
                User u = findNick(s, nick);
                if (u != null) {
                    IrcIdentity id = IrcFrontEnd.identity(u);
                    IrcSession other = IrcFrontEnd.sessionOf(u);
                    replies.add(id.nick() + "=" + (other != null && other.away != null ? "-" : "+") + id.user() + "@" + id.host());
                }
            }
        }
        s.replyText(Numeric.RPL_USERHOST, String.join(" ", replies));
    }

    private static void away(IrcSession s, IrcMessage m) {
        String text = m.param(0);
        if (text == null || text.isEmpty()) {
            s.away = null;
            s.reply(Numeric.RPL_UNAWAY);
        } else {
            s.away = IrcOut.clip(text, IrcLimits.AWAYLEN);
            s.reply(Numeric.RPL_NOWAWAY);
        }
    }

    // ---- server ----

    private static void version(IrcSession s, IrcMessage m) {
        s.replyText(Numeric.RPL_VERSION, "Switchboard chat server", s.fe.version(), s.fe.serverName());
        s.isupportLines(s.nick).forEach(s.link::send);
    }

    private static void time(IrcSession s, IrcMessage m) {
        String now = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC));
        s.replyText(Numeric.RPL_TIME, now, s.fe.serverName());
    }

    /**
     * Sends a long reply (WHO of the lobby, NAMES, LIST) in batches, waiting between them until
     * this client's own queue is short again: a client is read no faster than it reads, and a
     * list of 10,000 users never gets it dropped for its send queue.
     */
    static void sendBatched(IrcSession s, Collection<byte[]> lines) {
        List<byte[]> batch = new ArrayList<>(Math.min(lines.size(), IrcSession.BATCH_LINES));
        for (byte[] l : lines) {
            batch.add(l);
            if (batch.size() == IrcSession.BATCH_LINES) {
                s.link.send(IrcOut.concat(batch));
                batch.clear();
                s.link.backPressure();
            }
        }
        if (!batch.isEmpty()) {
            s.link.send(IrcOut.concat(batch));
        }
    }
}
