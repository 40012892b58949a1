#!/usr/bin/env python3
"""Writes docs/TRAFFIC.md, the annotated tshark outputs and the sequence diagram from a capture.

Run by dissector/capture.sh after it recorded docs/traffic/session.pcapng. Everything shown in
the document is read from the capture by tshark with the dissector, so the text, the picture and
the file always agree; the frame numbers it cites are looked up, not assumed.
"""

import argparse
import os
import subprocess
import sys
import xml.etree.ElementTree as ET

FIN, SYN, RST, PSH, ACK = 0x01, 0x02, 0x04, 0x08, 0x10


class Frame:
    def __init__(self):
        self.number = 0
        self.time = 0.0
        self.src_port = 0
        self.dst_port = 0
        self.stream = -1
        self.flags = 0
        self.seq = 0
        self.ack = 0
        self.len = 0
        self.acks_frame = None
        self.items = []  # (label, {field: [values]})

    def flag_names(self):
        names = [n for bit, n in ((SYN, "SYN"), (FIN, "FIN"), (RST, "RST"), (PSH, "PSH"), (ACK, "ACK"))
                 if self.flags & bit]
        return ", ".join(names)

    def cmds(self):
        return [fields.get("switchboard.cmd", ["?"])[0] for _, fields in self.items]


class Capture:
    def __init__(self, args):
        self.args = args
        self.pcap = args.pcap
        self.frames = self._load()

    def tshark_args(self, *extra):
        return ["tshark", "-n", "-X", f"lua_script:{self.args.lua}", "-o",
                f"switchboard.port:{self.args.port}", "-r", self.pcap, *extra]

    def run(self, *extra):
        """Runs tshark on the capture; returns (the command as a reader types it, its output)."""
        result = subprocess.run(self.tshark_args(*extra), capture_output=True, text=True, check=False)
        problems = [l for l in result.stderr.splitlines() if l.strip() and not l.startswith("Running as user")]
        if result.returncode != 0 or problems:
            sys.exit(f"traffic_doc: tshark failed: {' '.join(self.tshark_args(*extra))}\n{result.stderr}")
        shown = ["tshark"] + [quote(a) for a in self.tshark_args(*extra)[2:]]
        return " ".join(shown), result.stdout.rstrip("\n")

    def _load(self):
        _, xml = self.run("-T", "pdml")
        frames = []
        for packet in ET.fromstring(xml).iter("packet"):
            frame = Frame()
            for proto in packet.findall("proto"):
                name = proto.get("name")
                if name == "switchboard":
                    fields = {}
                    for field in proto.iter("field"):
                        fields.setdefault(field.get("name"), []).append(field.get("show", ""))
                    frame.items.append((proto.get("showname", ""), fields))
                    continue
                for field in proto.iter("field"):
                    n, show = field.get("name"), field.get("show", "")
                    if n == "frame.number":
                        frame.number = int(show)
                    elif n == "frame.time_relative":
                        frame.time = float(show)
                    elif n == "tcp.srcport" and not frame.src_port:
                        frame.src_port = int(show)
                    elif n == "tcp.dstport" and not frame.dst_port:
                        frame.dst_port = int(show)
                    elif n == "tcp.stream" and frame.stream < 0:
                        frame.stream = int(show)
                    elif n == "tcp.flags" and not frame.flags:
                        frame.flags = int(show, 16)
                    elif n == "tcp.seq":
                        frame.seq = int(show)
                    elif n == "tcp.ack":
                        frame.ack = int(show)
                    elif n == "tcp.len":
                        frame.len = int(show)
                    elif n == "tcp.analysis.acks_frame":
                        frame.acks_frame = int(show)
            frames.append(frame)
        return frames

    def find(self, pred, what):
        for f in self.frames:
            if pred(f):
                return f
        sys.exit(f"traffic_doc: the capture has no {what}; was the session complete?")


def quote(arg):
    if all(c.isalnum() or c in "-_./:=," for c in arg):
        return arg
    return "'" + arg.replace("'", "'\\''") + "'"


def item_field(frame, cmd, field):
    for _, fields in frame.items:
        if fields.get("switchboard.cmd", [""])[0] == cmd and field in fields:
            return fields[field][0]
    return None


def draw_sequence(cap, clients, path):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    port = cap.args.port
    lanes = {clients["alice"]: 0.0, port: 1.0, clients["bob"]: 2.0}
    frames = [f for f in cap.frames if f.src_port in lanes and f.dst_port in lanes]
    row = 0.42
    height = 1.6 + row * len(frames)
    fig, ax = plt.subplots(figsize=(11, height))
    ax.set_xlim(-0.45, 2.45)
    ax.set_ylim(-(len(frames) + 0.5) * row, 1.1)
    ax.axis("off")
    names = {0.0: f"alice\n127.0.0.1:{clients['alice']}", 1.0: f"server\n127.0.0.1:{port}",
             2.0: f"bob\n127.0.0.1:{clients['bob']}"}
    for x, name in names.items():
        ax.text(x, 0.75, name, ha="center", va="center", fontsize=10, fontweight="bold",
                bbox=dict(boxstyle="round,pad=0.35", fc="#eef2f7", ec="#44546a"))
        ax.plot([x, x], [0.45, -(len(frames) + 0.3) * row], color="#9aa5b1", lw=1, ls="--", zorder=0)
    for i, f in enumerate(frames):
        y = -(i + 0.6) * row
        x0, x1 = lanes[f.src_port], lanes[f.dst_port]
        if f.flags & RST:
            color = "#c0392b"
        elif f.flags & SYN:
            color = "#1e8449"
        elif f.flags & FIN:
            color = "#d68910"
        elif f.len > 0:
            color = "#1f5fa8"
        else:
            color = "#7f8c8d"
        ax.annotate("", xy=(x1, y), xytext=(x0, y),
                    arrowprops=dict(arrowstyle="-|>", color=color, lw=1.4 if f.len else 1.0))
        label = f"#{f.number} [{f.flag_names()}]"
        if f.len:
            label += f" len={f.len}"
        texts = [t.split(" ", 1)[1] if " " in t else t for t in
                 (lbl.replace("Switchboard ", "", 1) for lbl, _ in f.items)]
        if texts:
            summary = "; ".join(texts)
            if len(summary) > 48:
                summary = summary[:47] + "…"
            label += "  " + summary
        ax.text((x0 + x1) / 2, y + 0.05, label, ha="center", va="bottom", fontsize=7.2, color=color,
                family="DejaVu Sans")
    ax.set_title(f"Switchboard session on loopback (port {port}), as captured by tshark",
                 fontsize=11, pad=6)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def block(command, output):
    return f"```console\n$ {command}\n{output}\n```\n"


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--pcap", required=True)
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--lua", required=True)
    p.add_argument("--out-dir", required=True)
    p.add_argument("--doc", required=True)
    p.add_argument("--transcript", required=True)
    p.add_argument("--server-cmd", default="./switchboard server")
    args = p.parse_args()
    cap = Capture(args)
    port = args.port
    out = args.out_dir

    # Who is who: the connection whose handshake names alice, and bob's.
    clients = {}
    for name in ("alice", "bob"):
        hs = cap.find(lambda f: item_field(f, "HANDSHAKE", "switchboard.username") == name,
                      f"handshake of {name}")
        clients[name] = hs.src_port
        clients[name + "_stream"] = hs.stream
    a_stream, b_stream = clients["alice_stream"], clients["bob_stream"]
    a_frames = [f for f in cap.frames if f.stream == a_stream]
    b_frames = [f for f in cap.frames if f.stream == b_stream]

    syn = a_frames[0]
    synack = cap.find(lambda f: f.stream == a_stream and f.flags & SYN and f.flags & ACK, "SYN/ACK")
    ack3 = cap.find(lambda f: f.stream == a_stream and f.number > synack.number and f.flags == ACK,
                    "handshake ACK")
    hs_a = cap.find(lambda f: f.stream == a_stream and "HANDSHAKE" in f.cmds(), "alice's handshake")
    welcome_a = cap.find(lambda f: f.stream == a_stream and "WELCOME" in f.cmds(), "WELCOME to alice")
    msg = cap.find(lambda f: f.stream == a_stream and "PRIVATE" in f.cmds(), "alice's message")
    msg_ack = cap.find(lambda f: f.acks_frame == msg.number, "ACK of alice's message")
    delivery = cap.find(lambda f: f.stream == b_stream and "MSG" in f.cmds() and f.number > msg.number,
                        "delivery to bob")
    reply = cap.find(lambda f: f.stream == b_stream and "PRIVATE" in f.cmds(), "bob's reply")
    fins = [f for f in a_frames if f.flags & FIN]
    if len(fins) < 2:
        sys.exit("traffic_doc: alice's connection has fewer than two FINs")
    last_ack = cap.find(lambda f: f.stream == a_stream and f.number > fins[-1].number and f.flags == ACK,
                        "last ACK of alice's teardown")
    rst = cap.find(lambda f: f.stream == b_stream and f.flags & RST, "RST on bob's connection")

    pcap_rel = args.pcap
    os.makedirs(out, exist_ok=True)

    # Annotated outputs kept next to the capture.
    outputs = {
        "summary.txt": ("every frame, one line each", ()),
        "lines.txt": ("one row per protocol line: frame, stream, direction, command, fields",
                      ("-Y", "switchboard", "-T", "fields", "-E", "header=y", "-e", "frame.number",
                       "-e", "tcp.stream", "-e", "switchboard.direction", "-e", "switchboard.cmd",
                       "-e", "switchboard.username", "-e", "switchboard.sender", "-e", "switchboard.target",
                       "-e", "switchboard.content", "-e", "switchboard.users.count", "-e", "switchboard.user")),
        "verbose.txt": ("full decode of every frame (TCP and Switchboard layers expanded)",
                        ("-V", "-O", "tcp,switchboard")),
    }
    listed = []
    for name, (what, extra) in outputs.items():
        command, text = cap.run(*extra)
        with open(os.path.join(out, name), "w", encoding="utf-8") as fh:
            fh.write(f"# {command}\n{text}\n")
        listed.append(f"- [`{name}`](traffic/{name}): {what}.")

    draw_sequence(cap, clients, os.path.join(out, "sequence.png"))
    version = subprocess.run(["tshark", "--version"], capture_output=True, text=True).stdout.splitlines()[0]
    with open(args.transcript, encoding="utf-8") as fh:
        transcript = fh.read().rstrip("\n")

    def frames_filter(*frames):
        return "frame.number in {" + ",".join(str(f.number) for f in frames) + "}"

    doc = []
    w = doc.append
    w("# Traffic analysis: the Switchboard protocol on the wire\n")
    w("<!-- Generated by dissector/capture.sh (./switchboard capture) with dissector/traffic_doc.py. "
      "Do not edit by hand: rerun the script. -->\n")
    w("This walks through a real capture of a short chat, as the seed's \"Traffic Analysis (Wireshark)\" "
      "section describes it: the TCP three-way handshake, the login and `USERS`, a message's PSH/ACK "
      "segment with its bytes and the ACK for it, the FIN/ACK teardown, and a connection reset (RST). "
      "Every frame number and output below comes from "
      f"[`traffic/session.pcapng`](traffic/session.pcapng), read by {version.split(' (')[0]} with the "
      "project's dissector; running the commands from the repository root prints the same.\n")
    w("## Install the dissector\n")
    w("The dissector is one Lua file, [`dissector/switchboard.lua`](../dissector/switchboard.lua) "
      "(written for and tested with Wireshark 4.0; it needs a Wireshark built with Lua, as Debian's and Ubuntu's packages are).\n")
    w("- **Wireshark, for your user:** copy it into the personal Lua plugins folder and restart "
      "Wireshark (or reload Lua plugins with Ctrl+Shift+L):\n\n"
      "  ```sh\n  mkdir -p ~/.local/lib/wireshark/plugins\n"
      "  cp dissector/switchboard.lua ~/.local/lib/wireshark/plugins/\n  ```\n\n"
      "  Help > About Wireshark > Folders shows the \"Personal Lua Plugins\" folder of your installation "
      "(on Windows `%APPDATA%\\Wireshark\\plugins`, on macOS `~/.local/lib/wireshark/plugins` too). "
      "Help > About Wireshark > Plugins then lists `switchboard.lua`.\n"
      "- **tshark, without installing:** `tshark -X lua_script:dissector/switchboard.lua -r FILE`.\n"
      "- **Port:** the dissector takes TCP port 5555 (the server's default). For another port, set "
      "Edit > Preferences > Protocols > SWITCHBOARD > Server TCP port, or pass "
      "`-o switchboard.port:PORT` to tshark; Decode As... works too. On other ports a heuristic "
      "recognises connections whose lines start with a command word (`WELCOME|`, `USERS|`, `MSG|`, "
      "`ERROR|`, `CAP|`...) or whose first client line is a lone valid username.\n")
    w("Each protocol line becomes one `Switchboard` item in the packet details (several lines in one "
      "segment give several items; a line spread over several segments is reassembled and shown once, "
      "in the frame that completes it). Fields for display filters:\n")
    w("| field | meaning |\n|---|---|\n"
      "| `switchboard.direction` | `c2s` (client to server) or `s2c`, decided by which side is the server port |\n"
      "| `switchboard.cmd` | `HANDSHAKE`, `WELCOME`, `ERROR`, `USERS`, `MSG`, `PRIVATE` (seed-style `target\\|content`), "
      "`ALL`, `PING`, `PONG`, `CAP`, `JOIN`, `LEAVE`, `QUIT`, other reserved words as written, or "
      "`INVALID`, `EMPTY`, `UNKNOWN` |\n"
      "| `switchboard.username` | the name in a handshake |\n"
      "| `switchboard.sender`, `switchboard.target`, `switchboard.content` | message fields (`MSG`, `ALL`, private message) |\n"
      "| `switchboard.users`, `switchboard.users.count`, `switchboard.user` | a `USERS` list, its size, each name (also `JOIN`/`LEAVE`) |\n"
      "| `switchboard.reason`, `switchboard.text`, `switchboard.token` | `ERROR`/`QUIT` reason, `WELCOME` text, `PING`/`PONG` token |\n"
      "| `switchboard.cap.sub`, `switchboard.caps`, `switchboard.cap` | `CAP` subcommand (LS/REQ/ACK/NAK), list, each capability |\n"
      "| `switchboard.line`, `switchboard.len` | the whole line and its length in bytes |\n"
      "| `switchboard.expert.*` | problems: `malformed` (missing field), `bad_utf8`, `nul`, `invalid_message`, "
      "`bad_username`, `unknown`, `direction`, `empty`, `too_long`, `error_reply` (an `ERROR` line) |\n")
    w("Examples: `switchboard.cmd == \"MSG\"`, `switchboard.sender == \"alice\"`, "
      "`switchboard.users.count > 1`, `switchboard.expert.malformed`, `_ws.expert && switchboard`.\n")

    w("## Make the capture yourself\n")
    w("```sh\n./switchboard capture            # or: dissector/capture.sh [--port PORT]\n```\n")
    w("It needs `tshark` and `python3-matplotlib` (`sudo apt-get install tshark python3-matplotlib`) and "
      "permission to capture on the loopback interface: root, or a user in the `wireshark` group after "
      "`sudo dpkg-reconfigure wireshark-common` (answer yes). Without permission it says so and exits "
      "with status 3; a missing tool gives status 2. The script:\n\n"
      f"1. captures the loopback interface `lo` with the capture filter `tcp port {port}` "
      f"(in Wireshark: the display filter `tcp.port == {port}`);\n"
      f"2. starts the server (`{args.server_cmd} --port {port}`) and waits for `[INIT] Server running on ...`;\n"
      "3. runs [`dissector/session.py`](../dissector/session.py): alice and bob log in, alice sends bob a "
      "message, bob answers, alice leaves normally (FIN), bob's connection is reset (SO_LINGER 0, RST). "
      "Each step waits for the line it expects, so every exchange is complete before the next starts;\n"
      "4. stops the capture and the server, and writes this page, the picture and the files below.\n")
    w("The session as the clients saw it ([`traffic/transcript.txt`](traffic/transcript.txt)):\n")
    w(f"```text\n{transcript}\n```\n")
    w("Annotated tshark outputs of the whole capture:\n")
    w("\n".join(listed) + "\n")

    w("## The sequence\n")
    w("![Sequence diagram of the captured session](traffic/sequence.png)\n")
    w("One arrow per captured frame, in order; green = connection set-up (SYN), blue = a segment "
      "carrying protocol lines, grey = a pure ACK, orange = FIN, red = RST. Labels give the frame "
      "number, the TCP flags, the payload length and what the dissector read.\n")
    w("The whole capture, one line per frame:\n")
    w(block(*cap.run()))

    w("## 1. Three-way handshake\n")
    w(f"alice's client (port {clients['alice']}) opens the connection: SYN (frame {syn.number}), the "
      f"server's SYN/ACK (frame {synack.number}), and the client's ACK (frame {ack3.number}). Relative "
      "sequence numbers start at 0; the SYN counts as one byte, so the first data byte is Seq=1.\n")
    w(block(*cap.run("-Y", frames_filter(syn, synack, ack3))))

    w("## 2. Login and USERS\n")
    w(f"The client's first line is its username (frame {hs_a.number}). The server answers with "
      f"`WELCOME|...` and sends `USERS|...` to everyone when the set of users changes (from frame "
      f"{welcome_a.number}). When bob logs in, both get the new list.\n")
    login = [f for f in cap.frames if set(f.cmds()) & {"HANDSHAKE", "WELCOME", "USERS"}
             and f.number < msg.number]
    w(block(*cap.run("-Y", "switchboard.cmd in {\"HANDSHAKE\",\"WELCOME\",\"USERS\"} && frame.number < "
                     + str(msg.number))))
    users_frame = [f for f in login if "USERS" in f.cmds()][-1]
    w(f"The dissector's view of a `USERS` line (frame {users_frame.number}): the list is a subtree "
      "with a count.\n")
    w(block(*cap.run("-Y", f"frame.number == {users_frame.number}", "-O", "switchboard", "-V")))

    w("## 3. A message: the PSH/ACK segment, its bytes, and the ACK\n")
    delivery_ack = cap.find(lambda f: f.acks_frame == delivery.number, "ACK of the delivery to bob")

    def how_acked(ack_frame):
        if ack_frame.len == 0:
            return f"a pure ACK (frame {ack_frame.number})"
        return (f"frame {ack_frame.number}, a data segment that carries the ACK along "
                "(piggybacked: the server had a line to send anyway)")

    w(f"alice sends `bob|Hello bob, this is alice` in one segment with PSH and ACK set (frame "
      f"{msg.number}, {msg.len} bytes of payload: the line and its `\\n`). PSH asks the receiver to "
      f"hand the data to the application at once. The server relays it to bob as "
      f"`MSG|alice|Hello bob, this is alice` (frame {delivery.number}). The hex dumps show that the "
      "bytes on the wire are exactly the lines: no length prefix, no spaces around `|`, one `\\n` "
      "at the end.\n")
    w(block(*cap.run("-Y", frames_filter(msg, delivery), "-x")))
    w(f"Each segment is acknowledged: alice's by {how_acked(msg_ack)}, with Ack={msg_ack.ack} = "
      f"Seq {msg.seq} + Len {msg.len}; the delivery to bob by {how_acked(delivery_ack)}, with "
      f"Ack={delivery_ack.ack} = Seq {delivery.seq} + Len {delivery.len}. tshark finds the ACK of a "
      "segment by itself (`tcp.analysis.acks_frame`):\n")
    w(block(*cap.run("-Y", f"tcp.analysis.acks_frame in {{{msg.number},{delivery.number}}}")))
    w("The dissector's reading of the segment, with the filterable fields:\n")
    w(block(*cap.run("-Y", f"frame.number == {msg.number}", "-O", "switchboard", "-V")))

    w("## 4. FIN/ACK teardown (alice leaves normally)\n")
    w(f"alice's client calls `shutdown(SHUT_WR)`: FIN (frame {fins[0].number}). The server sees end of "
      f"stream, removes alice, tells bob with a new `USERS` list, and closes its side: FIN (frame "
      f"{fins[1].number}); the client's last ACK (frame {last_ack.number}) ends the connection.\n")
    w(block(*cap.run("-Y", f"tcp.stream == {a_stream} && (tcp.flags.fin == 1 || frame.number >= "
                     f"{fins[0].number})")))
    w("## 5. RST (bob's connection is reset)\n")
    w(f"bob's client closes with `SO_LINGER` set to 0, so the kernel aborts the connection with a RST "
      f"instead of a FIN (frame {rst.number}); no teardown handshake follows. The server treats it like "
      "any disconnect: one cleanup path removes bob.\n")
    w(block(*cap.run("-Y", f"tcp.stream == {b_stream} && frame.number >= {reply.number}")))
    w(block(*cap.run("-Y", "tcp.flags.reset == 1")))

    w("## Checking a capture for protocol problems\n")
    w("Malformed lines (a `MSG` without content, invalid UTF-8, NUL bytes, a line without `|` after the "
      "login...) carry expert info; list them with `tshark -X lua_script:dissector/switchboard.lua -r "
      "FILE -Y 'switchboard.expert.malformed || switchboard.expert.bad_utf8 || switchboard.expert.nul'` "
      "or Analyze > Expert Information in Wireshark. In this capture:\n")
    command, text = cap.run("-Y", "switchboard && _ws.expert && !switchboard.expert.error_reply")
    w(block(command, text or "(no output: no problems)"))
    w("The dissector's own tests (`dissector/src/test/java`, run by `mvn test`) capture crafted "
      "traffic on loopback and check every message type, pipelined lines, reassembly and garbage.\n")

    with open(args.doc, "w", encoding="utf-8") as fh:
        fh.write("\n".join(doc))


if __name__ == "__main__":
    main()
