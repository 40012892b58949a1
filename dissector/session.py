#!/usr/bin/env python3
"""The scripted chat session that dissector/capture.sh records.

Two users, alice and bob, log in to a running Switchboard server on loopback, chat both ways,
then alice leaves normally (FIN) and bob's connection is reset (RST, via SO_LINGER 0).
Every step waits for the line it expects (with a timeout), never for a fixed time, so the
capture shows each exchange complete before the next starts.

Prints a transcript (one line per step) on stdout; exits non-zero when the server does not
answer as the protocol says.
"""

import argparse
import socket
import struct
import sys
import time

# Every expected line comes from a server on the same machine; seconds mean it is broken.
TIMEOUT_SECONDS = 10.0

START = time.monotonic()


def say(who, text):
    print(f"{time.monotonic() - START:7.3f}s  {who:<6} {text}", flush=True)


class Client:
    """One chat connection: send lines, wait for lines."""

    def __init__(self, name, port):
        self.name = name
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=TIMEOUT_SECONDS)
        # One protocol line per write, sent at once: each shows as its own PSH/ACK segment.
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.buffer = b""
        say(name, f"connected from port {self.sock.getsockname()[1]} (SYN, SYN/ACK, ACK)")

    def send(self, line):
        self.sock.sendall(line.encode("utf-8") + b"\n")
        say(self.name, f"sent     {line}")

    def read_line(self):
        deadline = time.monotonic() + TIMEOUT_SECONDS
        while b"\n" not in self.buffer:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError(f"{self.name}: no line from the server within {TIMEOUT_SECONDS} s")
            self.sock.settimeout(left)
            chunk = self.sock.recv(65536)
            if not chunk:
                raise ConnectionError(f"{self.name}: server closed the connection")
            self.buffer += chunk
        raw, self.buffer = self.buffer.split(b"\n", 1)
        return raw.rstrip(b"\r").decode("utf-8", "replace")

    def expect(self, what, accept):
        """Reads lines until one satisfies accept (others, e.g. older USERS, are skipped)."""
        while True:
            line = self.read_line()
            if accept(line):
                say(self.name, f"received {line}")
                return line
            say(self.name, f"received {line}   (skipped while waiting for {what})")

    def expect_users(self, names):
        wanted = set(names)
        return self.expect(f"USERS with {sorted(wanted)}",
                           lambda l: l.startswith("USERS|") and set(filter(None, l[6:].split(","))) == wanted)

    def close_normally(self):
        """FIN: stop sending, read until the server closes too, then close."""
        self.sock.shutdown(socket.SHUT_WR)
        say(self.name, "shutdown(SHUT_WR): FIN sent")
        self.sock.settimeout(TIMEOUT_SECONDS)
        while self.sock.recv(65536):
            pass
        say(self.name, "server closed its side (FIN); socket closed")
        self.sock.close()

    def reset(self):
        """RST: SO_LINGER on with timeout 0 makes close() abort the connection."""
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.sock.close()
        say(self.name, "close() with SO_LINGER 0: RST sent")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=5555)
    args = parser.parse_args()

    alice = Client("alice", args.port)
    alice.send("alice")
    alice.expect("WELCOME", lambda l: l.startswith("WELCOME|"))
    alice.expect_users(["alice"])

    bob = Client("bob", args.port)
    bob.send("bob")
    bob.expect("WELCOME", lambda l: l.startswith("WELCOME|"))
    bob.expect_users(["alice", "bob"])
    alice.expect_users(["alice", "bob"])

    alice.send("bob|Hello bob, this is alice")
    bob.expect("alice's message", lambda l: l == "MSG|alice|Hello bob, this is alice")
    bob.send("alice|Hi alice! Loud and clear.")
    alice.expect("bob's message", lambda l: l == "MSG|bob|Hi alice! Loud and clear.")

    alice.close_normally()
    bob.expect_users(["bob"])
    bob.reset()
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except (OSError, TimeoutError, ConnectionError) as e:
        print(f"session failed: {e}", file=sys.stderr)
        sys.exit(1)
