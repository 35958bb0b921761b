#!/usr/bin/env python3
"""Slow clients against a web server: does /healthz still answer while they hang on?

Opens N sockets to the target's host and port that send a request's headers one byte every few
seconds and never finish them ("slowloris"); a server that gives up on one is connected to again,
so N stay open. While they are open, plain GET /healthz requests go out at a steady pace, each
with its own timeout, and are timed. Standard library only.

    python3 bench/slow_clients.py --target http://127.0.0.1:18080 --sockets 8 --duration 20

gunicorn reads each request in one of its threads, so N slow sockets hold N threads: with N at
least workers x threads, /healthz waits behind them. A buffering proxy (deploy/nginx.conf)
holds the slow sockets itself, drops those still unfinished after client_header_timeout, and
passes only whole requests on.

Exit status: 0 when every /healthz request answered 200 within the timeout; 1 when any did not;
2 when the target did not answer /healthz before the slow sockets were opened (or bad arguments).
"""

from __future__ import annotations

import argparse
import http.client
import math
import select
import socket
import ssl
import sys
import threading
import time
from dataclasses import dataclass, field
from urllib.parse import urlsplit


@dataclass
class Target:
    scheme: str
    host: str
    port: int
    host_header: str
    path: str
    insecure: bool

    def connect(self, timeout: float) -> socket.socket:
        sock = socket.create_connection((self.host, self.port), timeout=timeout)
        if self.scheme == "https":
            context = ssl.create_default_context()
            if self.insecure:
                context.check_hostname = False
                context.verify_mode = ssl.CERT_NONE
            sock = context.wrap_socket(sock, server_hostname=self.host)
        return sock


def parse_target(url: str, path: str, insecure: bool) -> Target:
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        raise ValueError(f"--target must be an http:// or https:// URL, not {url!r}")
    default_port = 443 if parts.scheme == "https" else 80
    port = parts.port or default_port
    host_header = parts.hostname if port == default_port else f"{parts.hostname}:{port}"
    if ":" in parts.hostname:  # an IPv6 literal
        host_header = f"[{parts.hostname}]" + ("" if port == default_port else f":{port}")
    return Target(parts.scheme, parts.hostname, port, host_header, path, insecure)


# --- The slow sockets -----------------------------------------------------------------------------


@dataclass
class SlowStats:
    lock: threading.Lock = field(default_factory=threading.Lock)
    opened: int = 0  # connections made
    connect_failed: int = 0
    closed_by_server: int = 0  # the server closed (or answered, e.g. 408) before we stopped
    held: list[float] = field(default_factory=list)  # seconds each closed connection was held
    open_now: int = 0
    bytes_sent: int = 0


def header_bytes(n: int, host_header: str):
    """An endless request header, one byte at a time: the request line, Host, then made-up
    header lines forever (no blank line, so the request never ends)."""
    yield from f"GET /?slow-client={n} HTTP/1.1\r\nHost: {host_header}\r\n".encode()
    i = 0
    while True:
        yield from f"X-Slow-{i}: {'a' * 8}\r\n".encode()
        i += 1


def server_closed(sock: socket.socket, wait: float, stop: threading.Event) -> bool:
    """Wait up to `wait` seconds (less if `stop` is set); True as soon as the server closes the
    connection or answers (a 408, say): either way it is done with this request."""
    deadline = time.monotonic() + wait
    while not stop.is_set():
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            return False
        try:
            readable, _, _ = select.select([sock], [], [], min(remaining, 0.2))
        except (OSError, ValueError):
            return True
        if readable:
            return True
    return False


def trickle(n: int, target: Target, interval: float, stop: threading.Event, stats: SlowStats):
    while not stop.is_set():
        try:
            sock = target.connect(timeout=5)
        except OSError:
            with stats.lock:
                stats.connect_failed += 1
            stop.wait(1)
            continue
        started = time.monotonic()
        with stats.lock:
            stats.opened += 1
            stats.open_now += 1
        closed = False
        try:
            for byte in header_bytes(n, target.host_header):
                try:
                    sock.sendall(bytes([byte]))
                except OSError:
                    closed = True
                    break
                with stats.lock:
                    stats.bytes_sent += 1
                if server_closed(sock, interval, stop):
                    closed = True
                    break
                if stop.is_set():
                    break
        finally:
            with stats.lock:
                stats.open_now -= 1
                if closed:
                    stats.closed_by_server += 1
                    stats.held.append(time.monotonic() - started)
            sock.close()


# --- The /healthz probes --------------------------------------------------------------------------


@dataclass
class Probe:
    at: float  # seconds after the slow sockets were opened
    ok: bool = False
    status: int | None = None
    error: str = ""
    latency: float = 0.0


def probe(target: Target, timeout: float, result: Probe) -> None:
    started = time.monotonic()
    conn_class = (
        http.client.HTTPSConnection if target.scheme == "https" else http.client.HTTPConnection
    )
    kwargs: dict = {"timeout": timeout}
    if target.scheme == "https" and target.insecure:
        kwargs["context"] = ssl._create_unverified_context()
    conn = conn_class(target.host, target.port, **kwargs)
    try:
        conn.request(
            "GET",
            target.path,
            headers={
                "Host": target.host_header,
                "Connection": "close",
                "User-Agent": "healthz-probe",
            },
        )
        response = conn.getresponse()
        response.read()
        result.status = response.status
        result.ok = response.status == 200
        if not result.ok:
            result.error = f"HTTP {response.status}"
    except TimeoutError:
        result.error = "timeout"
    except ConnectionResetError:
        result.error = "reset"
    except ConnectionRefusedError:
        result.error = "refused"
    except (OSError, http.client.HTTPException) as exc:
        result.error = type(exc).__name__
    finally:
        result.latency = time.monotonic() - started
        conn.close()


def percentile(values: list[float], p: float) -> float:
    """Nearest-rank percentile of a non-empty list."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p * len(ordered)) - 1)]


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms" if seconds < 1 else f"{seconds:.2f} s"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Hold slow-header sockets open against a server and time /healthz meanwhile."
    )
    parser.add_argument("--target", required=True, help="base URL, e.g. http://127.0.0.1:18080")
    parser.add_argument("--sockets", type=int, default=8, help="slow sockets to keep open (8)")
    parser.add_argument(
        "--duration", type=float, default=20, help="seconds over which /healthz is probed (20)"
    )
    parser.add_argument("--requests", type=int, default=20, help="/healthz requests (20)")
    parser.add_argument("--timeout", type=float, default=5, help="seconds per request (5)")
    parser.add_argument(
        "--interval", type=float, default=3, help="seconds between two header bytes (3)"
    )
    parser.add_argument("--path", default="/healthz", help="the path probed (/healthz)")
    parser.add_argument("--warmup", type=float, default=1.5, help="seconds before probing (1.5)")
    parser.add_argument("--insecure", action="store_true", help="https: skip certificate checks")
    parser.add_argument("--label", default="", help="a name for the summary")
    args = parser.parse_args(argv)
    if args.sockets < 0 or args.requests < 1 or args.duration <= 0 or args.timeout <= 0:
        parser.error("--sockets >= 0, --requests >= 1, --duration > 0 and --timeout > 0")
    try:
        target = parse_target(args.target, args.path, args.insecure)
    except ValueError as exc:
        parser.error(str(exc))

    name = args.label or f"{target.scheme}://{target.host_header}"
    print(f"== slow clients: {name}", flush=True)

    # The target must answer before anything else, or the figures mean nothing.
    before = Probe(at=0.0)
    probe(target, args.timeout, before)
    if not before.ok:
        print(
            f"{target.path} does not answer before the slow sockets are opened "
            f"({before.error or before.status}); nothing measured.",
            file=sys.stderr,
        )
        return 2

    stop = threading.Event()
    stats = SlowStats()
    tricklers = [
        threading.Thread(target=trickle, args=(n, target, args.interval, stop, stats), daemon=True)
        for n in range(args.sockets)
    ]
    opened_at = time.monotonic()
    for thread in tricklers:
        thread.start()
    time.sleep(args.warmup)

    spacing = args.duration / args.requests
    probes = [Probe(at=args.warmup + i * spacing) for i in range(args.requests)]
    threads = []
    for result in probes:
        delay = opened_at + result.at - time.monotonic()
        if delay > 0:
            time.sleep(delay)
        thread = threading.Thread(target=probe, args=(target, args.timeout, result), daemon=True)
        thread.start()
        threads.append(thread)
    for thread in threads:
        thread.join(args.timeout + 5)
    with stats.lock:
        open_at_end = stats.open_now
    stop.set()
    for thread in tricklers:
        thread.join(2)

    ok = [p for p in probes if p.ok]
    failed = [p for p in probes if not p.ok]
    errors: dict[str, int] = {}
    for p in failed:
        errors[p.error or "?"] = errors.get(p.error or "?", 0) + 1
    timeline = "".join("." if p.ok else ("T" if p.error == "timeout" else "x") for p in probes)
    held = f", held {ms(max(stats.held))} at most before that" if stats.held else ""

    print(f"target:        {target.scheme}://{target.host_header}{target.path}")
    print(f"before:        {target.path} -> {before.status} in {ms(before.latency)}")
    print(
        f"slow sockets:  {args.sockets} kept open, one header byte every {args.interval:g} s; "
        f"{stats.opened} connections made, {stats.closed_by_server} closed by the server"
        f"{held}; {open_at_end} open at the end"
        + (f"; {stats.connect_failed} connects failed" if stats.connect_failed else "")
    )
    print(
        f"probes:        {args.requests} x GET {target.path} over {args.duration:g} s, "
        f"timeout {args.timeout:g} s each: [{timeline}] (. ok, T timeout, x other error)"
    )
    line = f"healthz:       {len(ok)}/{len(probes)} answered 200"
    if ok:
        latencies = [p.latency for p in ok]
        line += (
            f"; latency p50 {ms(percentile(latencies, 0.5))}, "
            f"p95 {ms(percentile(latencies, 0.95))}, max {ms(max(latencies))}"
        )
    if failed:
        line += "; failed: " + ", ".join(
            f"{count} {kind}" for kind, count in sorted(errors.items())
        )
    print(line)
    if failed:
        print(
            f"RESULT: FAIL - {len(failed)} of {len(probes)} {target.path} requests failed",
            flush=True,
        )
        return 1
    print(f"RESULT: ok - every {target.path} request answered", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
