#!/usr/bin/python3
"""A real SMTP server for the mail tests (Debian's python3-aiosmtpd).

Listens on 127.0.0.1 (port 0: a free one), prints "port N" on its first line of
standard output, and writes every message it accepts to DIR as NNN.eml (the bytes as
received), with NNN.json beside it (envelope sender, recipients, whether TLS was on).
Each file appears whole (written, then renamed), so a test may poll for it. Runs until
SIGTERM or SIGINT.

  smtp_sink.py --dir DIR [--port N] [--starttls CERT KEY [--auth USER PASSWORD]] [--reject-rcpt CODE]

With --auth the server takes mail only after AUTH (PLAIN or LOGIN) with that user and
password, and offers AUTH only after STARTTLS.
"""
import argparse
import asyncio
import json
import os
import signal
import ssl
import sys

from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword


class Sink:
    def __init__(self, folder, reject_rcpt):
        self.folder = folder
        self.reject_rcpt = reject_rcpt
        self.count = len([n for n in os.listdir(folder) if n.endswith(".eml")])

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.reject_rcpt:
            return f"{self.reject_rcpt} 5.1.1 no such user here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.count += 1
        base = os.path.join(self.folder, f"{self.count:03d}")
        meta = {"mail_from": envelope.mail_from, "rcpt_tos": envelope.rcpt_tos, "tls": session.ssl is not None}
        for suffix, data in ((".json", json.dumps(meta).encode()), (".eml", envelope.original_content)):
            with open(base + suffix + ".part", "wb") as f:
                f.write(data)
            os.rename(base + suffix + ".part", base + suffix)
        return "250 2.0.0 accepted"


def authenticator_for(user, password):
    def authenticate(server, session, envelope, mechanism, auth_data):
        ok = (isinstance(auth_data, LoginPassword) and auth_data.login == user.encode()
              and auth_data.password == password.encode())
        return AuthResult(success=ok, handled=False)
    return authenticate


async def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--dir", required=True)
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--starttls", nargs=2, metavar=("CERT", "KEY"))
    parser.add_argument("--auth", nargs=2, metavar=("USER", "PASSWORD"))
    parser.add_argument("--reject-rcpt", type=int, default=0)
    args = parser.parse_args()
    os.makedirs(args.dir, exist_ok=True)
    context = None
    if args.starttls:
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(*args.starttls)
    sink = Sink(args.dir, args.reject_rcpt)
    loop = asyncio.get_running_loop()
    auth = {}
    if args.auth:
        auth = {"authenticator": authenticator_for(*args.auth), "auth_required": True, "auth_require_tls": True}
    server = await loop.create_server(
        lambda: SMTP(sink, hostname="kennislab-test-sink", tls_context=context, decode_data=False, **auth),
        host="127.0.0.1", port=args.port)
    print(f"port {server.sockets[0].getsockname()[1]}", flush=True)
    stop = asyncio.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    await stop.wait()
    server.close()
    await server.wait_closed()


if __name__ == "__main__":
    asyncio.run(main())
    sys.exit(0)
