#!/usr/bin/env python3
"""limesurvey_server.py: a LimeSurvey RemoteControl 2 (JSON-RPC) stand-in on 127.0.0.1 for tests.

Standard library only. It speaks the protocol as LimeSurvey does, quirks included:
requests must be POSTed with Content-Type exactly "application/json" (anything else gets
an empty 200 answer, as LimeSurvey's jsonRPCServer ignores the request); answers are
{"id", "result", "error"} with content-type text/javascript; LimeSurvey's own errors come
back as "result": {"status": "..."} with "error": null; export_responses returns base64
of {"responses": [{"<id>": {...}}, ...]} honouring iFromResponseID/iToResponseID, and an
empty survey gives the status "No Data, could not get max id.".

  limesurvey_server.py serve                  listen on 127.0.0.1:<free port>, print the port
  limesurvey_server.py control PORT JSON      send a control request, print its answer
  limesurvey_server.py fixture CSV FIRST LAST responses FIRST..LAST (1-based data rows)
                                              of a tevreden CSV as LimeSurvey would export them

The user is "onderzoek" (LS_TEST_USER) with the password in LS_TEST_PASSWORD.

Control requests (POST /_control, JSON):
  {"op": "survey", "sid": N, "file": PATH}   responses of survey N (a fixture file)
  {"op": "survey", "sid": N, "responses": []} an existing survey without responses
  {"op": "deny", "sid": N}                    the user may not export survey N
  {"op": "inactive", "sid": N}                survey N has no responses table
  {"op": "fail", "mode": M, "method": NAME|"*", "times": K, ...}
        fail the next K calls (default: all) of a method; modes:
        status (with "code"), slow, truncate, invalid_json, html,
        oversize / oversize_stream (with "bytes"), bad_base64, bad_payload,
        invalid_session, rpc_error, ignore_range, empty_record, echo_password;
        slow holds the answer until the client hangs up (its timeout) and then drops
        the call unanswered, as if it never finished; only when the client waits
        "seconds" (default 60) is the call answered after all
  {"op": "reset"}                             forget failures and the call log
  {"op": "log"}                               the call log, one line per call
  {"op": "sessions"}                          the number of session keys not released

Every control request first waits until every connection accepted before it is done
(answered, or dropped by slow), so that no call of an earlier run can change the log
or the sessions after a reset or a look at them. The log lists calls in the order the
connections were accepted (the client's order), whatever order the threads ran in.
"""

import base64
import csv
import json
import os
import secrets
import select
import socket
import sys
import threading
import time
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

RPC_PATH = "/index.php/admin/remotecontrol"

# Numerical-input questions: LimeSurvey stores them as decimal(30,10).
DECIMAL_ITEMS = {"leeftijd", "cijfer", "wachttijd"}
# Multiple-choice items: 0/1 columns item_N in tevreden's CSV, item[N] = "Y"/"" in LimeSurvey.
MULTIPLE_ITEMS = {"verwijzer", "netwerk_wie"}
# Longest a control request waits for earlier connections, and a slow call for its client
# to hang up: a safety net against a hung test, never reached when things work.
SETTLE_SECONDS = 60


class State:
    def __init__(self):
        self.lock = threading.Lock()
        self.settled = threading.Condition(self.lock)
        self.accepted = 0
        self.running = set()
        self.user = os.environ.get("LS_TEST_USER", "onderzoek")
        self.password = os.environ.get("LS_TEST_PASSWORD", "")
        self.surveys = {}
        self.denied = set()
        self.inactive = set()
        self.sessions = set()
        self.failures = []
        self.log = []

    def failure_for(self, method):
        with self.lock:
            for f in self.failures:
                if f["method"] in ("*", method) and f["times"] != 0:
                    if f["times"] > 0:
                        f["times"] -= 1
                    return f
        return None

    def arrive(self):
        """Number a connection just accepted (in accept order) and count it as running."""
        with self.lock:
            self.accepted += 1
            self.running.add(self.accepted)
            return self.accepted

    def depart(self, seq):
        with self.lock:
            self.running.discard(seq)
            self.settled.notify_all()

    def settle(self, seq):
        """Wait until no connection accepted before seq is running; False after the limit."""
        with self.lock:
            return self.settled.wait_for(lambda: min(self.running) >= seq, SETTLE_SECONDS)


STATE = State()


class Handler(BaseHTTPRequestHandler):
    server_version = "Apache"
    sys_version = ""

    def __init__(self, request, client_address, server, seq):
        self.seq = seq
        super().__init__(request, client_address, server)

    def log_message(self, fmt, *args):
        pass

    def note(self, line):
        with STATE.lock:
            STATE.log.append((self.seq, line))

    def client_hung_up(self, seconds):
        """Wait until the client closes the connection (True) or seconds pass (False)."""
        deadline = time.monotonic() + seconds
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                return False
            readable, _, _ = select.select([self.connection], [], [], left)
            if not readable:
                continue
            try:
                if self.connection.recv(1, socket.MSG_PEEK) == b"":
                    return True
            except OSError:
                return True
            return False  # the client sent more: not a hang-up, answer now

    def send(self, code, body, ctype="text/javascript", length=None, close=False):
        self.send_response(code)
        self.send_header("Content-Type", ctype)
        if length is None:
            length = len(body)
        if length >= 0:
            self.send_header("Content-Length", str(length))
        self.end_headers()
        try:
            self.wfile.write(body)
            self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            pass
        if close:
            self.close_connection = True

    def do_GET(self):
        self.send(200, b"<html><body>LimeSurvey RemoteControl</body></html>", "text/html")

    def do_POST(self):
        path = self.path
        if path.startswith("http://"):
            self.note("via-proxy " + path)
            path = "/" + path.split("/", 3)[3] if path.count("/") >= 3 else "/"
        n = int(self.headers.get("Content-Length", "0"))
        raw = self.rfile.read(n) if n > 0 else b""
        if path == "/_control":
            if not STATE.settle(self.seq):
                self.send(200, b"earlier calls still running", "text/plain")
                return
            self.control(json.loads(raw or b"{}"))
            return
        if path != RPC_PATH:
            self.send(404, b"<html><body>Not Found</body></html>", "text/html")
            return
        ctype = self.headers.get("Content-Type", "")
        if ctype != "application/json":
            # LimeSurvey's jsonRPCServer::handle() returns false and the page exits empty.
            self.note("bad-content-type " + ctype)
            self.send(200, b"", "text/html")
            return
        try:
            req = json.loads(raw)
            method = req["method"]
            params = req["params"]
            rid = req.get("id")
        except (ValueError, KeyError, TypeError):
            self.note("bad-request")
            self.send(200, b"", "text/html")
            return
        fail = STATE.failure_for(method)
        if fail and self.fail(fail, method, rid, params):
            return
        if method == "get_session_key":
            result = self.get_session_key(params)
        elif method == "export_responses":
            result = self.export_responses(params, fail)
        elif method == "release_session_key":
            result = self.release_session_key(params)
        else:
            self.note(method + " unknown")
            self.answer(rid, None, "unknown method or incorrect parameters")
            return
        self.answer(rid, result, None)

    def answer(self, rid, result, error):
        body = json.dumps({"id": rid, "result": result, "error": error}).encode()
        self.send(200, body)

    # ---- methods ----

    def get_session_key(self, params):
        if len(params) >= 2 and params[0] == STATE.user and params[1] == STATE.password \
                and STATE.password:
            key = secrets.token_hex(16)
            with STATE.lock:
                STATE.sessions.add(key)
            self.note("get_session_key ok")
            return key
        self.note("get_session_key refused")
        return {"status": "Invalid user name or password"}

    def export_responses(self, params, fail):
        mode = fail["mode"] if fail else None
        if len(params) < 3:
            self.note("export_responses bad-params")
            return {"status": "Faulty parameters"}
        key, sid = params[0], int(params[1])
        with STATE.lock:
            valid = key in STATE.sessions
        if not valid or mode == "invalid_session":
            self.note("export_responses invalid-session")
            return {"status": "Invalid session key"}
        if sid in STATE.denied:
            self.note("export_responses no-permission")
            return {"status": "No permission"}
        if sid in STATE.inactive:
            self.note("export_responses no-table")
            return {"status": "No Data, survey table does not exist."}
        expected = ["json", None, "complete", "code", "short"]
        if list(params[2:7]) != expected:
            self.note("export_responses unexpected-params " + json.dumps(params[2:7]))
            return {"status": "Faulty parameters"}
        responses = STATE.surveys.get(sid, [])
        if not responses:
            self.note("export_responses empty-survey")
            return {"status": "No Data, could not get max id."}
        lo = params[7] if len(params) > 7 and params[7] else 1
        hi = params[8] if len(params) > 8 and params[8] else max(int(r["id"]) for r in responses)
        if mode == "ignore_range":
            lo, hi = 1, max(int(r["id"]) for r in responses)
        chosen = [r for r in responses if lo <= int(r["id"]) <= hi]
        self.note("export_responses ok %s-%s %d" % (lo, hi, len(chosen)))
        if mode == "empty_record" and not chosen:
            records = [{"": {k: None for k in responses[0]}}]
        else:
            records = [{str(r["id"]): r} for r in chosen]
        text = json.dumps({"responses": records}, ensure_ascii=False)
        if mode == "bad_payload":
            text = text[: len(text) // 2]
        return base64.b64encode(text.encode()).decode()

    def release_session_key(self, params):
        key = params[0] if params else None
        with STATE.lock:
            known = key in STATE.sessions
            STATE.sessions.discard(key)
        self.note("release_session_key " + ("released" if known else "unknown-key"))
        return "OK"

    # ---- failures on purpose ----

    def fail(self, f, method, rid, params):
        """Answer a failing call; False when the method handles the mode itself."""
        mode = f["mode"]
        if mode == "status":
            self.note("%s fail-%d" % (method, f["code"]))
            self.send(f["code"], b"<html><body>error</body></html>", "text/html")
        elif mode == "slow":
            self.note("%s slow" % method)
            # Drop the call once the client gave up: answering it later (after the key
            # was released) would log a call that belongs to no run.
            return self.client_hung_up(f["seconds"])
        elif mode == "truncate":
            self.note("%s truncated" % method)
            body = json.dumps({"id": rid, "result": "x" * 100, "error": None}).encode()
            self.send(200, body[: len(body) // 2], length=len(body), close=True)
        elif mode == "invalid_json":
            self.note("%s invalid-json" % method)
            self.send(200, b'{"id": %d, "result": "abc", ' % rid)
        elif mode == "html":
            self.note("%s html" % method)
            self.send(200, b"<!DOCTYPE html><html><body>Login</body></html>", "text/html")
        elif mode in ("oversize", "oversize_stream"):
            self.note("%s %s" % (method, mode))
            filler = b"QUFB" * (f.get("bytes", 2 << 20) // 4)
            body = b'{"id": %d, "result": "' % rid + filler + b'", "error": null}'
            self.send(200, body, length=len(body) if mode == "oversize" else -1, close=True)
        elif mode == "bad_base64":
            self.note("%s bad-base64" % method)
            self.answer(rid, "eyJyZXNw*b25zZXMiOiBbXX0=", None)
        elif mode == "rpc_error":
            self.note("%s rpc-error" % method)
            self.answer(rid, None, "unknown method or incorrect parameters")
        elif mode == "echo_password":
            self.note("%s echo-password" % method)
            self.answer(rid, {"status": "Login failed for %s/%s" % (params[0], params[1])}, None)
        else:
            return False
        return True

    # ---- control ----

    def control(self, req):
        op = req.get("op")
        out = "ok"
        with STATE.lock:
            if op == "survey":
                if "file" in req:
                    with open(req["file"], encoding="utf-8") as f:
                        STATE.surveys[req["sid"]] = json.load(f)
                else:
                    STATE.surveys[req["sid"]] = req.get("responses", [])
            elif op == "deny":
                STATE.denied.add(req["sid"])
            elif op == "inactive":
                STATE.inactive.add(req["sid"])
            elif op == "fail":
                STATE.failures.append({"mode": req["mode"], "method": req.get("method", "*"),
                                       "times": req.get("times", -1), "code": req.get("code", 500),
                                       "seconds": req.get("seconds", SETTLE_SECONDS),
                                       "bytes": req.get("bytes", 2 << 20)})
            elif op == "reset":
                STATE.failures = []
                STATE.log = []
            elif op == "log":
                out = "\n".join(line for _, line in sorted(STATE.log, key=lambda e: e[0]))
            elif op == "sessions":
                out = str(len(STATE.sessions))
            else:
                out = "unknown op"
        self.send(200, out.encode(), "text/plain")


class Server(ThreadingHTTPServer):
    """One thread per connection, each numbered when accepted (see State.arrive)."""

    daemon_threads = True

    def process_request(self, request, client_address):
        seq = STATE.arrive()
        threading.Thread(target=self.serve_connection, args=(request, client_address, seq),
                         daemon=True).start()

    def serve_connection(self, request, client_address, seq):
        try:
            Handler(request, client_address, self, seq)
        except Exception:
            self.handle_error(request, client_address)
        finally:
            self.shutdown_request(request)
            STATE.depart(seq)


def serve():
    httpd = Server(("127.0.0.1", 0), Handler)
    print(httpd.server_address[1], flush=True)
    httpd.serve_forever()


def control(port, text):
    req = urllib.request.Request("http://127.0.0.1:%s/_control" % port, data=text.encode(),
                                 method="POST")
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    with opener.open(req, timeout=10) as r:
        sys.stdout.write(r.read().decode())
        sys.stdout.write("\n")


def fixture(path, first, last):
    """Rows first..last of a tevreden CSV as LimeSurvey exports them (ids from first)."""
    with open(path, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f, delimiter=";"))
    out = []
    for n, row in enumerate(rows[first - 1:last], start=first):
        r = {"id": str(n), "submitdate": "2017-03-%02d 10:%02d:00" % (1 + n % 28, n % 60),
             "lastpage": "12", "startlanguage": "nl", "seed": str(1000 + n),
             "startdate": "2017-03-01 09:00:00", "datestamp": "2017-03-01 10:00:00",
             "token": "tok%04d" % n, "refurl": None, "ipaddr": None}
        for k, v in row.items():
            base, _, code = k.rpartition("_")
            if base in MULTIPLE_ITEMS:
                r["%s[%s]" % (base, code)] = "Y" if v == "1" else ""
            elif v == "":
                r[k] = None
            elif k in DECIMAL_ITEMS:
                r[k] = "%.10f" % float(v.replace(",", "."))
            else:
                r[k] = v
        out.append(r)
    json.dump(out, sys.stdout, ensure_ascii=False, indent=1)
    sys.stdout.write("\n")


def main():
    if len(sys.argv) >= 2 and sys.argv[1] == "serve":
        serve()
    elif len(sys.argv) == 4 and sys.argv[1] == "control":
        control(sys.argv[2], sys.argv[3])
    elif len(sys.argv) == 5 and sys.argv[1] == "fixture":
        fixture(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]))
    else:
        sys.stderr.write(__doc__)
        sys.exit(2)


if __name__ == "__main__":
    main()
