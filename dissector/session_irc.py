#!/usr/bin/env python3
"""The two-front-end conversation that dissector/capture.sh records for docs/TRAFFIC.md.

alice logs in on the line protocol, carol registers on the IRC port of the same server; they talk
both ways, privately and in #lobby, then carol QUITs and alice sees her leave. One chat, two
wires: the capture shows the same messages in both encodings. Every step waits for the line it
expects (with a timeout), never for a fixed time.

Prints a transcript (one line per step) on stdout; exits non-zero when the server does not answer
as the protocols say.
"""

import argparse
import sys

from session import Client, say


class IrcClient(Client):
    """An IRC connection: lines end in CRLF, PINGs are answered."""

    def send(self, line):
        self.sock.sendall(line.encode("utf-8") + b"\r\n")
        say(self.name, f"sent     {line}")

    def expect(self, what, accept):
        while True:
            line = self.read_line()
            if line.startswith("PING "):
                say(self.name, f"received {line}")
                self.send("PONG " + line[5:])
                continue
            if accept(line):
                say(self.name, f"received {line}")
                return line
            say(self.name, f"received {line}   (skipped while waiting for {what})")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=5555)
    parser.add_argument("--irc-port", type=int, default=6667)
    args = parser.parse_args()

    alice = Client("alice", args.port)
    alice.send("alice")
    alice.expect("WELCOME", lambda l: l.startswith("WELCOME|"))
    alice.expect_users(["alice"])

    carol = IrcClient("carol", args.irc_port)
    carol.send("NICK carol")
    carol.send("USER carol 0 * :Carol on IRC")
    carol.expect("001", lambda l: l.split(" ")[1:2] == ["001"])
    carol.expect("the end of the #lobby names", lambda l: l.split(" ")[1:2] == ["366"])
    alice.expect_users(["alice", "carol"])

    carol.send("PRIVMSG alice :Hello alice, this is carol on IRC")
    alice.expect("carol's message", lambda l: l == "MSG|carol|Hello alice, this is carol on IRC")
    alice.send("carol|Hi carol, alice here on the line protocol")
    carol.expect("alice's message",
                 lambda l: l.startswith(":alice!") and l.endswith(" PRIVMSG carol :Hi carol, alice here on the line protocol"))
    alice.send("ALL|Hello everyone")
    carol.expect("alice in #lobby", lambda l: l.startswith(":alice!") and l.endswith(" PRIVMSG #lobby :Hello everyone"))

    carol.send("QUIT :bye")
    carol.expect("the server's goodbye", lambda l: l.startswith("ERROR"))
    alice.expect_users(["alice"])
    carol.close_normally()
    alice.close_normally()
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except (OSError, TimeoutError, ConnectionError) as e:
        print(f"session failed: {e}", file=sys.stderr)
        sys.exit(1)
