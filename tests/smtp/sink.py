#!/usr/bin/env python3
"""A real SMTP server for redress's tests (aiosmtpd on 127.0.0.1), writing each message it
accepts to a directory the test reads.

    python3 tests/smtp/sink.py --dir DIR [--port PORT] [--stall FILE]

Prints "listening on 127.0.0.1:PORT" once it accepts connections (port 0, the default, picks a
free one). Each message is written to DIR/NNNN.eml (written to a temporary name first, then
renamed, so a reader never sees half a message).

--stall FILE: while FILE exists, each message is written to DIR and then the server waits
before answering "250": it has the message but the client does not know yet. The marker
DIR/stalled appears while it waits, and the answer is given once FILE is removed. This is the
window in which a sender killed mid-send has delivered a message it will send again.
"""

import argparse
import asyncio
import os
import sys

try:
    from aiosmtpd.controller import Controller
except ImportError:
    print("aiosmtpd is not installed: pip install aiosmtpd (.ci/run does)", file=sys.stderr)
    sys.exit(3)


class Sink:
    def __init__(self, directory, stall):
        self.directory = directory
        self.stall = stall
        self.count = 0

    async def handle_DATA(self, server, session, envelope):
        self.count += 1
        name = os.path.join(self.directory, f"{self.count:04d}.eml")
        temporary = name + ".part"
        with open(temporary, "wb") as out:
            out.write(envelope.original_content or envelope.content)
        os.rename(temporary, name)
        if self.stall and os.path.exists(self.stall):
            marker = os.path.join(self.directory, "stalled")
            open(marker, "w").close()
            while os.path.exists(self.stall):
                await asyncio.sleep(0.05)
            os.remove(marker)
        return "250 Message accepted for delivery"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--dir", required=True)
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--stall")
    args = parser.parse_args()
    os.makedirs(args.dir, exist_ok=True)
    port = args.port
    if port == 0:
        import socket

        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
    controller = Controller(
        Sink(args.dir, args.stall), hostname="127.0.0.1", port=port, ready_timeout=10
    )
    controller.start()
    print(f"listening on 127.0.0.1:{port}", flush=True)
    try:
        # Runs until the test kills it (or its standard input closes).
        sys.stdin.read()
    finally:
        controller.stop()


if __name__ == "__main__":
    main()
