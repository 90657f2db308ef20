#!/usr/bin/python3
"""QMP for run-cluster.sh (cluster-host.sh), started once per run so that
an action a guest is timing does not wait for an interpreter to start.
Each line on stdin is "SOCKET JSON": a QMP command for the QEMU whose QMP
socket is SOCKET; the answer, one line on stdout, is "done" or the error."""
import json
import socket
import sys


def command(path, cmd):
    with socket.socket(socket.AF_UNIX) as s:
        s.settimeout(10)
        s.connect(path)
        f = s.makefile("rw")

        def answer():
            while True:
                m = json.loads(f.readline())
                if "event" not in m:
                    return m

        answer()  # the greeting
        for c in ('{"execute": "qmp_capabilities"}', cmd):
            f.write(c + "\n")
            f.flush()
            m = answer()
            if "error" in m:
                return m["error"]["desc"]
    return "done"


for line in sys.stdin:
    path, cmd = line.rstrip("\n").split(" ", 1)
    try:
        print(command(path, cmd), flush=True)
    except (OSError, ValueError) as e:
        print(f"QMP on {path}: {e}", flush=True)
