package dev.switchboard.irc;

/**
 * Every numeric reply the server sends, in one place: its three digits and, for those with a
 * fixed human-readable last parameter, that text. Names and texts follow Modern IRC
 * ({@code https://modern.ircdocs.horse/}); {@code docs/IRC.md} lists when each is sent.
 */
public enum Numeric {
    RPL_WELCOME("001", null),
    RPL_YOURHOST("002", null),
    RPL_CREATED("003", null),
    RPL_MYINFO("004", null),
    RPL_ISUPPORT("005", "are supported by this server"),
    RPL_UMODEIS("221", null),
    RPL_LUSERCLIENT("251", null),
    RPL_LUSERUNKNOWN("253", "unknown connection(s)"),
    RPL_LUSERCHANNELS("254", "channels formed"),
    RPL_LUSERME("255", null),
    RPL_LOCALUSERS("265", null),
    RPL_GLOBALUSERS("266", null),
    RPL_AWAY("301", null),
    RPL_USERHOST("302", null),
    RPL_ISON("303", null),
    RPL_UNAWAY("305", "You are no longer marked as being away"),
    RPL_NOWAWAY("306", "You have been marked as being away"),
    RPL_WHOISUSER("311", null),
    RPL_WHOISSERVER("312", null),
    RPL_ENDOFWHO("315", "End of WHO list"),
    RPL_ENDOFWHOIS("318", "End of /WHOIS list"),
    RPL_WHOISCHANNELS("319", null),
    RPL_WHOISSPECIAL("320", null),
    RPL_LIST("322", null),
    RPL_LISTEND("323", "End of /LIST"),
    RPL_CHANNELMODEIS("324", null),
    RPL_CREATIONTIME("329", null),
    RPL_NOTOPIC("331", "No topic is set"),
    RPL_TOPIC("332", null),
    RPL_TOPICWHOTIME("333", null),
    RPL_VERSION("351", null),
    RPL_WHOREPLY("352", null),
    RPL_NAMREPLY("353", null),
    RPL_ENDOFNAMES("366", "End of /NAMES list"),
    RPL_ENDOFBANLIST("368", "End of channel ban list"),
    RPL_ENDOFWHOWAS("369", "End of WHOWAS"),
    RPL_MOTD("372", null),
    RPL_MOTDSTART("375", null),
    RPL_ENDOFMOTD("376", "End of /MOTD command."),
    RPL_TIME("391", null),
    ERR_UNKNOWNERROR("400", null),
    ERR_NOSUCHNICK("401", "No such nick/channel"),
    ERR_NOSUCHCHANNEL("403", "No such channel"),
    ERR_CANNOTSENDTOCHAN("404", "Cannot send to channel (you are not in it)"),
    ERR_WASNOSUCHNICK("406", "There was no such nickname"),
    ERR_INVALIDCAPCMD("410", "Invalid CAP command"),
    ERR_NORECIPIENT("411", null),
    ERR_NOTEXTTOSEND("412", "No text to send"),
    ERR_INPUTTOOLONG("417", "Input line was too long"),
    ERR_UNKNOWNCOMMAND("421", "Unknown command"),
    ERR_NOMOTD("422", "MOTD File is missing"),
    ERR_NONICKNAMEGIVEN("431", "No nickname given"),
    ERR_ERRONEUSNICKNAME("432", null),
    ERR_NICKNAMEINUSE("433", "Nickname is already in use"),
    ERR_USERNOTINCHANNEL("441", "They aren't on that channel"),
    ERR_NOTONCHANNEL("442", "You're not on that channel"),
    ERR_NONICKCHANGE("447", "Nick changes are not supported: reconnect with the new nick"),
    ERR_NOTREGISTERED("451", "You have not registered"),
    ERR_NEEDMOREPARAMS("461", "Not enough parameters"),
    ERR_ALREADYREGISTERED("462", "You may not reregister"),
    ERR_UNKNOWNMODE("472", "is unknown mode char to me"),
    ERR_BANLISTFULL("478", "Bans are not supported"),
    ERR_CHANOPRIVSNEEDED("482", "You're not channel operator"),
    ERR_UMODEUNKNOWNFLAG("501", "Unknown MODE flag"),
    ERR_USERSDONTMATCH("502", "Cant change mode for other users");

    /** The three digits. */
    final String code;
    /** The fixed last parameter, or null when each reply words its own. */
    final String text;

    Numeric(String code, String text) {
        this.code = code;
        this.text = text;
    }

    public String code() {
        return code;
    }

    /** The fixed human-readable last parameter, or null. */
    public String text() {
        return text;
    }
}
