#!/usr/bin/env python3
"""Adds the two-port section to docs/TRAFFIC.md from dissector/capture.sh's IRC capture.

The same conversation (alice on the line protocol, carol on IRC, one server) as Wireshark shows
it: its own IRC dissector on the IRC port, ours on the line port, one frame of each in full.
Writes OUT_DIR/irc-lines.txt and OUT_DIR/irc-verbose.txt and replaces (or appends) the section
between the markers in the doc, so a second run gives the same file.
"""

import argparse
import subprocess
import sys

from traffic_doc import quote

BEGIN = "<!-- irc-section: written by dissector/irc_doc.py -->"
END = "<!-- /irc-section -->"


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    for name in ("--pcap", "--lua", "--out-dir", "--doc", "--transcript"):
        p.add_argument(name, required=True)
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--irc-port", type=int, required=True)
    args = p.parse_args()

    base = ["-X", f"lua_script:{args.lua}", "-o", f"switchboard.port:{args.port}"]
    if args.irc_port != 6667:
        base += ["-d", f"tcp.port=={args.irc_port},irc"]
    base += ["-r", args.pcap]

    def tshark(*extra):
        cmd = ["tshark", "-n", *base, *extra]
        r = subprocess.run(cmd, capture_output=True, text=True, check=False)
        problems = [l for l in r.stderr.splitlines() if l.strip() and not l.startswith("Running as user")]
        if r.returncode != 0 or problems:
            sys.exit(f"irc_doc: tshark failed: {' '.join(cmd)}\n{r.stderr}")
        shown = "tshark " + " ".join(quote(a) for a in cmd[2:])
        return shown, r.stdout.rstrip("\n")

    def first(display_filter):
        _, out = tshark("-Y", display_filter, "-T", "fields", "-e", "frame.number")
        frames = out.split()
        if not frames:
            sys.exit(f"irc_doc: no frame matches {display_filter}")
        return frames[0]

    lines_cmd, lines = tshark("-Y", "irc || switchboard")
    irc_frame = first('irc.request.command == "PRIVMSG" && tcp.dstport == %d' % args.irc_port)
    line_frame = first('switchboard.cmd == "MSG" && tcp.srcport == %d' % args.port)
    irc_cmd, irc_verbose = tshark("-Y", f"frame.number == {irc_frame}", "-O", "irc", "-V")
    line_cmd, line_verbose = tshark("-Y", f"frame.number == {line_frame}", "-O", "switchboard", "-V")
    with open(f"{args.out_dir}/irc-lines.txt", "w") as f:
        f.write(lines + "\n")
    with open(f"{args.out_dir}/irc-verbose.txt", "w") as f:
        f.write(irc_verbose + "\n\n" + line_verbose + "\n")
    transcript = open(args.transcript).read().rstrip("\n")

    section = f"""{BEGIN}
## 6. The same chat on two ports: IRC beside the line protocol

One server, two front ends, one chat core: alice logs in on the line protocol (port {args.port}),
carol registers on the IRC port ({args.irc_port}); carol writes to alice, alice answers and then
writes to everyone (`ALL|`, which is `#lobby` on IRC), carol quits. Capture:
[traffic/irc-session.pcapng](traffic/irc-session.pcapng) (TCP on both ports only), recorded by
`./switchboard capture` right after the session above, from `dissector/session_irc.py`:

```
{transcript}
```

Every frame with a chat line, Wireshark's own IRC dissector on port {args.irc_port} and ours on
port {args.port}, side by side in one list: the same message leaves carol as `PRIVMSG alice :...`
and reaches alice as `MSG|carol|...`; alice's `ALL|` reaches carol as `PRIVMSG #lobby`; carol's
registration shows as alice's next `USERS` line.

```
$ {lines_cmd}
{lines}
```

carol's `PRIVMSG` as Wireshark's IRC dissector decodes it (frame {irc_frame}), and the `MSG` line
the server made of it for alice, in our dissector (frame {line_frame}):

```
$ {irc_cmd}
{irc_verbose}

$ {line_cmd}
{line_verbose}
```

The line protocol has no prefix with user and host and no CRLF; IRC's dissector shows the
command and its parameters, ours shows sender, target and content as fields. Both carry the text
in the clear: that is what the TLS ports (issue 15) are for.
{END}
"""
    doc = open(args.doc).read()
    if BEGIN in doc and END in doc:
        doc = doc[:doc.index(BEGIN)] + section.rstrip("\n") + doc[doc.index(END) + len(END):]
    else:
        marker = "## Checking a capture for protocol problems"
        doc = doc.replace(marker, section + "\n" + marker, 1) if marker in doc else doc.rstrip("\n") + "\n\n" + section
    with open(args.doc, "w") as f:
        f.write(doc)


if __name__ == "__main__":
    main()
