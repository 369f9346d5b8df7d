"""Certificates on one worker process: the signed PDF (PAdES B-LTA: two timestamp round trips to
the sandbox authority, `python -m app sandbox` in a process of its own, over loopback HTTP) and
the album PNG, each p50 and per second, as a ratio to reportlab drawing a plain page of the same
size measured in the same run.

    python -m bench.certificate_bench [--n 300]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import httpx
from asn1crypto import tsp

from config.settings import Settings
from pdfs.certificate import CertificateData, CertificateLine, render_pdf, render_plain_page
from pdfs.making import make_certificate, signed_pdf
from pdfs.signing import CertificateSigner, TrustServices, album_png, load_or_create_demo_keys

TARGET_P50_MS, TARGET_PER_S = 50, 40  # issue 16: a signed certificate, timestamp round trips included
KINDS = (("城乡居民基本医疗保险", 38_000), ("城乡居民基本养老保险", 30_000))


def _data(k: int) -> CertificateData:
    code = f"{(k * 7_919_993) % 10**16:016d}"
    return CertificateData(
        certificate_no=f"4201062026113{k:05d}", verification_code=code, taxpayer_id="420102199003150221",
        taxpayer_name="张敏", tax_bureau="国家税务总局武汉市武昌区税务局", issued_on=date(2026, 11, 30),
        lines=tuple(CertificateLine(kind, "2026-01 至 2026-12", date(2026, 11, 28), fen, f"SBP{k:020d}0{i}")
                    for i, (kind, fen) in enumerate(KINDS)),
        verify_url=f"https://shebao.example.invalid/certificates/verify?code={code}")


def _concurrently(n: int, at_once: int, work: Callable[[int], Awaitable[object]]) -> dict[str, float]:
    """`work` n times, `at_once` of them at a time on one event loop, as the job worker runs its
    jobs (`worker_concurrency`): each one's time from start to end, and how many a second."""
    async def all_of_them() -> dict[str, float]:
        await work(0)  # warm
        took: list[float] = []
        gate = asyncio.Semaphore(at_once)

        async def one(k: int) -> None:
            async with gate:
                t = time.perf_counter()
                await work(k)
                took.append(time.perf_counter() - t)

        start = time.perf_counter()
        await asyncio.gather(*(one(k) for k in range(n)))
        total = time.perf_counter() - start
        took.sort()
        return {"p50": statistics.median(took) * 1000, "p99": took[int(len(took) * 0.99) - 1] * 1000,
                "per_s": n / total}

    return asyncio.run(all_of_them())


async def _signed(signer: CertificateSigner, k: int) -> bytes:
    return await asyncio.to_thread(signed_pdf, _data(k), signer)


def _time(n: int, work: Callable[[int], object]) -> dict[str, float]:
    work(0)  # warm
    took = []
    start = time.perf_counter()
    for k in range(n):
        t = time.perf_counter()
        work(k)
        took.append(time.perf_counter() - t)
    total = time.perf_counter() - start
    took.sort()
    return {"p50": statistics.median(took) * 1000, "p99": took[int(len(took) * 0.99) - 1] * 1000, "per_s": n / total}


@contextmanager
def sandbox_authority() -> Iterator[tuple[str, Path]]:
    """`python -m app sandbox` on a free port with its own demo chain: its base URL and keys directory."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with tempfile.TemporaryDirectory() as keys:
        env = {**os.environ, "SHEBAO_SANDBOX_PORT": str(port), "SHEBAO_WECHAT_KEYS_DIR": keys}
        process = subprocess.Popen([sys.executable, "-m", "app", "sandbox"], env=env, stdout=subprocess.DEVNULL)
        base = f"http://127.0.0.1:{port}"
        try:
            for _ in range(300):
                try:
                    if httpx.get(f"{base}/trust/crl", timeout=1).status_code == 200:
                        break
                except httpx.TransportError:
                    time.sleep(0.1)
            else:
                raise RuntimeError("the sandbox did not start")
            yield base, Path(keys)
        finally:
            process.terminate()
            process.wait(10)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=300)
    parser.add_argument("--at-once", type=int, default=Settings().worker_concurrency,
                        help="certificate jobs at once in the process (default: the worker's concurrency)")
    parser.add_argument("--far-ms", type=float, default=30,
                        help="also sign with the timestamp authority this much farther away (a real one is remote)")
    args = parser.parse_args()
    with sandbox_authority() as (base, keys):
        demo = load_or_create_demo_keys(keys)
        run(args.n, CertificateSigner(demo, TrustServices(f"{base}/trust/tsa", f"{base}/trust/ocsp")), args.at_once)
        if args.far_ms:
            far = TrustServices(f"{base}/trust/tsa", f"{base}/trust/ocsp", transport=_Far(args.far_ms / 1000))
            run_far(max(20, args.n // 4), CertificateSigner(demo, far), args.at_once, args.far_ms)


class _Far(httpx.HTTPTransport):
    """Loopback HTTP with a round trip `delay` longer, as to a timestamp authority across the internet."""

    def __init__(self, delay: float) -> None:
        super().__init__()
        self.delay = delay

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        time.sleep(self.delay)
        return super().handle_request(request)


def run_far(n: int, signer: CertificateSigner, at_once: int, far_ms: float) -> None:
    """What a remote authority costs: one at a time each certificate waits two round trips; at
    once, the signer works on another while one waits."""
    print(f"\nthe timestamp authority {far_ms:.0f} ms farther away, {n} each")
    for name, r in {"signed certificate, one at a time": _time(n, lambda k: signer.sign(render_pdf(_data(k)))),
                    f"signed certificate, {at_once} at once": _concurrently(n, at_once, lambda k: _signed(signer, k)),
                    f"signed certificate, {4 * at_once} at once": _concurrently(
                        n, 4 * at_once, lambda k: _signed(signer, k))}.items():
        print(f"{name:66} {r['p50']:7.1f} {r['p99']:7.1f} {r['per_s']:7.1f}")


def _stamp_request() -> bytes:
    return tsp.TimeStampReq({"version": "v1", "message_imprint": {
        "hash_algorithm": {"algorithm": "sha256"}, "hashed_message": bytes(32)}, "cert_req": True}).dump()


def run(n: int, signer: CertificateSigner, at_once: int) -> None:
    signed = [signer.sign(render_pdf(_data(k))) for k in range(min(n, 50))]
    stamp = _stamp_request()
    results = {
        "plain page (reportlab canvas, same size and font)": _time(n, lambda k: render_plain_page()),
        "certificate PDF unsigned (platypus, seal, QR)": _time(n, lambda k: render_pdf(_data(k))),
        "certificate PDF (platypus, seal, QR, PAdES B-LTA, 2 TSA trips)": _time(
            n, lambda k: signer.sign(render_pdf(_data(k)))),
        f"  the same, {at_once} at once (the worker's certificate jobs)": _concurrently(
            n, at_once, lambda k: _signed(signer, k)),
        "album PNG (pypdfium2 + Pillow, 1080 px wide)": _time(n, lambda k: album_png(signed[k % len(signed)])),
        f"signed PDF + album PNG as the job makes them, {at_once} at once": _concurrently(
            n, at_once, lambda k: make_certificate(_data(k), signer)),
        "one timestamp round trip (sandbox TSA, loopback HTTP)": _time(
            n, lambda k: signer.trust.timestamp(stamp)),
    }
    plain = results["plain page (reportlab canvas, same size and font)"]
    unsigned = results["certificate PDF unsigned (platypus, seal, QR)"]
    print(f"one process, {n} each; one at a time unless said")
    print(f"{'':66} {'p50 ms':>7} {'p99 ms':>7} {'per s':>7} {'p50/plain':>10} {'p50/unsigned':>13}")
    for name, r in results.items():
        print(f"{name:66} {r['p50']:7.1f} {r['p99']:7.1f} {r['per_s']:7.1f} {r['p50'] / plain['p50']:10.1f}"
              f" {r['p50'] / unsigned['p50']:13.2f}")
    signed = results["certificate PDF (platypus, seal, QR, PAdES B-LTA, 2 TSA trips)"]
    met = signed["p50"] <= TARGET_P50_MS and signed["per_s"] >= TARGET_PER_S
    print(f"signed certificate, one process: p50 {signed['p50']:.1f} ms (target ≤ {TARGET_P50_MS}), "
          f"{signed['per_s']:.1f} a second (target ≥ {TARGET_PER_S}): {'met' if met else 'NOT met'}")

if __name__ == "__main__":
    main()
