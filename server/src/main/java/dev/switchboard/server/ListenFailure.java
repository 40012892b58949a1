package dev.switchboard.server;

import java.net.BindException;
import java.net.UnknownHostException;
import java.nio.channels.UnresolvedAddressException;

/** A listener could not bind; the message is the one line the operator sees. */
final class ListenFailure extends Exception {
    private static final long serialVersionUID = 1L;

    private ListenFailure(String message, Throwable cause) {
        super(message, cause);
    }

    /** Words a bind failure of {@code host:port} in one line. */
    static ListenFailure of(String host, int port, Exception e) {
        if (e instanceof UnresolvedAddressException || e instanceof UnknownHostException) {
            return new ListenFailure("unknown host '" + host + "'", e);
        }
        String why = e.getMessage();
        if (e instanceof BindException && why != null && why.contains("in use")) {
            why = "address already in use";
        }
        return new ListenFailure("cannot listen on " + host + ":" + port + ": " + why, e);
    }
}
