#!/usr/bin/env python3
"""Holds N connections to a local server open, each sending one header line every INTERVAL
seconds and never finishing its request head (the "slowloris" pattern), for SECONDS seconds.
Loopback only; bounded in count and time. Prints how many connections the server closed.

Usage: bench/slowloris.py PORT [N] [INTERVAL] [SECONDS]
"""
import socket
import sys
import time

port = int(sys.argv[1])
count = int(sys.argv[2]) if len(sys.argv) > 2 else 500
interval = float(sys.argv[3]) if len(sys.argv) > 3 else 2.0
duration = float(sys.argv[4]) if len(sys.argv) > 4 else 20.0

conns = []
for i in range(count):
    s = socket.create_connection(("127.0.0.1", port))
    s.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n")
    conns.append(s)
closed = 0
reopened = 0
end = time.monotonic() + duration
n = 0
while time.monotonic() < end:
    time.sleep(interval)
    n += 1
    for i, s in enumerate(conns):
        try:
            s.sendall(b"X-Slow-%d: 1\r\n" % n)
        except OSError:
            # Closed by the server at its deadline: come back, as an attacker would.
            closed += 1
            s.close()
            s = socket.create_connection(("127.0.0.1", port))
            s.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n")
            conns[i] = s
            reopened += 1
for s in conns:
    s.close()
print(f"slowloris: {count} connections for {duration:.0f} s; the server closed {closed} at their deadline")
