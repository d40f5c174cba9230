#!/usr/bin/python3
"""A real SMTP server for the mail tests (Debian's python3-aiosmtpd, so run it with /usr/bin/python3): it listens on 127.0.0.1,
prints "listening on PORT" once it accepts connections, and writes each message it receives to
DIR/<n>.eml, and DIR/<n>.json: the envelope and the message as Python's email package reads it
(headers decoded from RFC 2047, the text part decoded), an independent check of what Proven built.

    smtp_sink.py DIR [PORT]      # PORT 0 or omitted: a free port

Recipients whose local part starts with "reject" are refused with 550 (a permanent failure), and
those starting with "busy" with 451 (a temporary one), so that tests see both paths.
"""
import asyncio
import email
import email.policy
import json
import os
import socket
import sys

from aiosmtpd.smtp import SMTP


class Sink:
    def __init__(self, folder):
        self.folder = folder
        self.count = 0

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        local = address.split("@", 1)[0]
        if local.startswith("reject"):
            return "550 5.1.1 no such user here"
        if local.startswith("busy"):
            return "451 4.3.0 try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.count += 1
        base = os.path.join(self.folder, str(self.count))
        raw = envelope.original_content or envelope.content
        with open(base + ".eml", "wb") as f:
            f.write(raw)
        msg = email.message_from_bytes(raw, policy=email.policy.default)
        parsed = {
            "mail_from": envelope.mail_from,
            "rcpt_tos": envelope.rcpt_tos,
            "headers": {k: str(v) for k, v in msg.items()},
            "defects": [type(d).__name__ for d in msg.defects],
            "body": msg.get_content() if not msg.is_multipart() else "",
        }
        with open(base + ".tmp", "w", encoding="utf-8") as f:
            json.dump(parsed, f, ensure_ascii=False)
        os.rename(base + ".tmp", base + ".json")  # a reader never sees half a message
        return "250 Message accepted for delivery"


async def main(folder, port):
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", port))
    sink = Sink(folder)
    loop = asyncio.get_running_loop()
    server = await loop.create_server(lambda: SMTP(sink, decode_data=False, enable_SMTPUTF8=True), sock=sock)
    print(f"listening on {sock.getsockname()[1]}", flush=True)
    async with server:
        await server.serve_forever()


if __name__ == "__main__":
    if len(sys.argv) not in (2, 3):
        sys.exit(__doc__)
    try:
        asyncio.run(main(sys.argv[1], int(sys.argv[2]) if len(sys.argv) == 3 else 0))
    except KeyboardInterrupt:
        pass
