#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""A misbehaving LDAP server on 127.0.0.1, for m3d's fault tests.

It speaks just enough BER to take libldap where each fault bites:
    python3 fake_ldap.py MODE PORT_FILE EVENT_LOG
listens on a free port (written to PORT_FILE), and appends one line per
event to EVENT_LOG ("connect", "search", "sync", "starttls", "probe").
A plain search is answered with a valid model (one m3Drvs, VM 1) unless
the mode says otherwise; the syncrepl search (a search with the Sync
Request control) as the mode says:

  partial         any request: 7 bytes of a reply, then silence
  starttls-stall  StartTLS accepted, then the TLS handshake never answered
  drop-mid-search a search: half an entry, then the connection closed
  sync-ends       refresh done, then the search ended at once and closed
  sync-silent     the syncrepl search never answered (refresh hangs)
  persist-silent  refresh done, then nothing more is answered (a hung
                  server: TCP still up, so keepalive alone cannot tell)
"""
import os
import socket
import sys
import threading

SYNC_REQUEST = b"1.3.6.1.4.1.4203.1.9.1.1"
SYNC_DONE = b"1.3.6.1.4.1.4203.1.9.1.3"
SYNC_INFO = b"1.3.6.1.4.1.4203.1.9.1.4"
STARTTLS = b"1.3.6.1.4.1.1466.20037"


def tlv(tag, payload):
    n = len(payload)
    if n < 0x80:
        return bytes([tag, n]) + payload
    b = n.to_bytes((n.bit_length() + 7) // 8, "big")
    return bytes([tag, 0x80 | len(b)]) + b + payload


def integer(tag, v):
    return tlv(tag, v.to_bytes(max(1, (v.bit_length() + 8) // 8), "big"))


def octets(s, tag=0x04):
    return tlv(tag, s if isinstance(s, bytes) else s.encode())


def message(msgid, op, controls=b""):
    return tlv(0x30, integer(0x02, msgid) + op + controls)


def result(tag, code=0, extra=b""):
    return tlv(tag, integer(0x0A, code) + octets("") + octets("") + extra)


def entry(dn, attrs):
    seq = b"".join(tlv(0x30, octets(a) + tlv(0x31, b"".join(octets(v) for v in vs)))
                   for a, vs in attrs)
    return tlv(0x64, octets(dn) + tlv(0x30, seq))


MODEL = [
    entry("cn=drvs,o=fake", [("objectClass", ["m3Drvs"]), ("m3NrNodes", ["1"])]),
    entry("cn=web,o=fake", [("objectClass", ["m3VM"]), ("m3VmId", ["1"]),
                            ("m3VmName", ["web"])]),
]


def refresh_done(msgid):
    """syncInfo refreshPresent, refreshDone defaulting to TRUE."""
    return message(msgid, tlv(0x79, octets(SYNC_INFO, 0x80) + octets(b"\xa2\x00", 0x81)))


def search_ended(msgid):
    """searchResultDone, success, with a Sync Done control."""
    ctrl = tlv(0x30, octets(SYNC_DONE) + octets(b"\x30\x00"))
    return message(msgid, result(0x65), tlv(0xA0, ctrl))


def split(b):
    """The first TLV of b: (tag, content, rest)."""
    n, i = b[1], 2
    if n & 0x80:
        i = 2 + (n & 0x7F)
        n = int.from_bytes(b[2:i], "big")
    return b[0], b[i:i + n], b[i + n:]


def read_message(conn):
    """One LDAPMessage as (msgid, op tag, op content, whole bytes), or
    None at end of file."""
    head = conn.recv(2)
    if len(head) < 2:
        return None
    n = head[1]
    if n & 0x80:
        lb = conn.recv(n & 0x7F)
        n = int.from_bytes(lb, "big")
        head += lb
    body = b""
    while len(body) < n:
        chunk = conn.recv(n - len(body))
        if not chunk:
            return None
        body += chunk
    _, msgid, rest = split(body)
    op, content, _ = split(rest)
    return int.from_bytes(msgid, "big"), op, content, head + body


class Server:
    def __init__(self, mode, log):
        self.mode = mode
        self.log = log
        self.lock = threading.Lock()

    def event(self, what):
        with self.lock:
            with open(self.log, "a") as f:
                f.write(what + "\n")

    def silence(self, conn):
        """Read and ignore everything until the client goes."""
        while conn.recv(4096):
            pass

    def search(self, conn, msgid, content, raw):
        if self.mode == "drop-mid-search":
            self.event("search")
            m = message(msgid, MODEL[0])
            conn.sendall(m[: len(m) // 2])
            return "close"
        if SYNC_REQUEST in raw:
            self.event("sync")
            return self.sync(conn, msgid)
        if not split(content)[1]:       # base "": the root DSE
            self.event("probe")
            if self.mode == "persist-silent":
                return "silent"
        else:
            self.event("search")
        for e in MODEL:
            conn.sendall(message(msgid, e))
        conn.sendall(message(msgid, result(0x65)))
        return None

    def sync(self, conn, msgid):
        if self.mode == "sync-silent":
            return "silent"
        conn.sendall(refresh_done(msgid))
        if self.mode == "sync-ends":
            conn.sendall(search_ended(msgid))
            return "close"
        if self.mode == "persist-silent":
            return "silent"
        return None

    def request(self, conn, msgid, op, content, raw):
        if self.mode == "partial":
            conn.sendall(b"\x30\x84\x00\x00\x01\x00\x02")
            return "silent"
        if op == 0x60:          # bind
            conn.sendall(message(msgid, result(0x61)))
        elif op == 0x77 and STARTTLS in raw:
            self.event("starttls")
            conn.sendall(message(msgid, result(0x78)))
            if self.mode == "starttls-stall":
                return "silent"
        elif op == 0x63:        # search
            return self.search(conn, msgid, content, raw)
        elif op == 0x42:        # unbind
            return "close"
        return None

    def serve(self, conn):
        self.event("connect")
        try:
            while True:
                m = self.request_one(conn)
                if m == "silent":
                    self.silence(conn)
                if m in ("silent", "close", "eof"):
                    break
        except OSError:
            pass
        finally:
            conn.close()

    def request_one(self, conn):
        m = read_message(conn)
        if m is None:
            return "eof"
        return self.request(conn, *m)


def main():
    mode, port_file, log = sys.argv[1:4]
    srv = Server(mode, log)
    ls = socket.socket()
    ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    ls.bind(("127.0.0.1", 0))
    ls.listen(16)
    with open(port_file + ".new", "w") as f:
        f.write("%d\n" % ls.getsockname()[1])
    os.rename(port_file + ".new", port_file)
    while True:
        conn, _ = ls.accept()
        threading.Thread(target=srv.serve, args=(conn,), daemon=True).start()


if __name__ == "__main__":
    main()
