"""Download throughput on loopback against curl, and what a resume after ``kill -9`` fetches.

    .venv/bin/python benchmarks/download_bench.py [--size-mb 512] [--runs 9] [--cdn auto|nginx|python] [--json FILE]

Both clients fetch the same file from the same Hub look-alike (tests/hub_server.py: the Hub's API, its redirect
to a separate CDN origin, LFS headers), each in a process of its own, in pairs whose order alternates run by run.
The CDN that sends the bytes is nginx where it is installed (``apt-get install nginx-light``; ``--cdn auto``, the
default, says which it used), as the Hub's own CDN is not a Python program; otherwise the look-alike's own CDN,
which sends the file with sendfile but answers from a Python thread. The ratio is the
median of the per-run ratios. The app's figure is the whole download as the app does it: progress reports, writing
the partial file, the sha256 check and the rename; curl only writes the file. Then ``assistant models pull`` is
killed half-way and run again, and the server's log says how many bytes the second run asked for.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import resource
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import ROOT, emit, summary  # noqa: E402

sys.path.insert(0, str(ROOT / "tests"))
from hub_server import HubServer  # noqa: E402

from assistant.core.hub.downloads import Control, Plan, download  # noqa: E402
from assistant.core.hub.hub_client import HubClient  # noqa: E402

REPO = "Bench/Big-GGUF"
FILE = "big-Q4_0.gguf"


def make_blob(folder: Path, size: int) -> Path:
    path = folder / "blob.gguf"
    with open(path, "wb") as out:
        block = os.urandom(1 << 20)
        for i in range(size >> 20):
            out.write(block[i % 256:] + block[:i % 256])  # not one repeated block: nothing compresses or dedups
    return path


NGINX_CONF = """
daemon off;
master_process off;
worker_processes 1;
user root;
pid {prefix}/nginx.pid;
error_log stderr warn;
events {{ worker_connections 64; }}
http {{
    access_log off;
    sendfile on;
    tcp_nopush on;
    client_body_temp_path {prefix}/tmp;
    proxy_temp_path {prefix}/tmp;
    fastcgi_temp_path {prefix}/tmp;
    uwsgi_temp_path {prefix}/tmp;
    scgi_temp_path {prefix}/tmp;
    types {{ application/octet-stream gguf; }}
    server {{
        listen 127.0.0.1:{port};
        root {prefix}/root;
        location /cdn/ {{ if ($http_authorization) {{ return 400; }} }}
    }}
}}
"""


def start_nginx(work: Path, blob: Path) -> tuple[str, subprocess.Popen]:
    """nginx serving ``blob`` at /cdn/<repo>/<file>, as the Hub's CDN does (and refusing a request with a token)."""
    prefix = work / "nginx"
    (prefix / "tmp").mkdir(parents=True)
    served = prefix / "root" / "cdn" / REPO / FILE
    served.parent.mkdir(parents=True)
    os.link(blob, served)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    (prefix / "nginx.conf").write_text(NGINX_CONF.format(prefix=prefix, port=port))
    process = subprocess.Popen([shutil.which("nginx"), "-p", str(prefix), "-c", str(prefix / "nginx.conf")])
    origin = f"http://127.0.0.1:{port}"
    deadline = time.time() + 10
    while time.time() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return origin, process
        except OSError:
            time.sleep(0.05)
    process.kill()
    raise RuntimeError("nginx did not start")


def settle() -> None:
    """Before each client's run: the last run's 512 MB were just written and deleted, and a client that starts
    while the kernel is still dealing with them can spend twice the kernel time on the same bytes (measured: after
    curl, 3 of 8 app runs at 723-956 MB/s against 1,144-1,288; curl itself does not mind)."""
    os.sync()
    time.sleep(1)


def curl_once(url: str, target: Path) -> tuple[float, float, float]:
    """Seconds, and curl's user and kernel CPU seconds."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(["curl", "-sS", "-L", "--fail", "-o", str(target), url], check=True)
    seconds = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    target.unlink()
    return seconds, after.ru_utime - before.ru_utime, after.ru_stime - before.ru_stime


def _app_in_child(endpoint: str, folder: str, connection) -> None:
    connection.send(app_once(HubClient(endpoint), Path(folder)))


def app_in_own_process(endpoint: str, folder: Path) -> tuple[float, int, float, float]:
    """The app's download in a process of its own, as curl is: in this one, the server's threads would compete
    with it for the interpreter lock. The child's imports happen before its clock starts."""
    context = multiprocessing.get_context("spawn")
    receive, send = context.Pipe(duplex=False)
    child = context.Process(target=_app_in_child, args=(endpoint, str(folder), send))
    child.start()
    result = receive.recv()
    child.join()
    return result


def app_once(client: HubClient, folder: Path) -> tuple[float, int, float, float]:
    """Seconds, progress reports, and the process's user and kernel CPU seconds over the download alone."""
    files = client.repo_files(REPO)
    part = next(f for f in files.files if f.name == FILE)
    plan = Plan(REPO, files.commit, (part,), "Q4_0")
    reports = [0]

    def report(done, total, state):
        reports[0] += 1

    cpu = os.times()
    started = time.perf_counter()
    final = download(plan, folder, client, Control(), report)
    seconds = time.perf_counter() - started
    used = os.times()
    final.unlink()
    return seconds, reports[0], used.user - cpu.user, used.system - cpu.system


def resume_after_kill(server: HubServer, size: int, work: Path) -> dict:
    env = {**os.environ, "XDG_DATA_HOME": str(work / "data"), "HF_ENDPOINT": server.endpoint}
    command = [sys.executable, "-m", "assistant", "models", "pull", REPO, "--file", FILE]
    server.faults.rate = 200 * 2**20  # slow enough to stop it half-way on any machine
    child = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    partial = None
    deadline = time.time() + 120
    while time.time() < deadline:
        found = list((work / "data").rglob("*.part"))
        if found and found[0].stat().st_size >= size // 2:
            partial = found[0]
            break
        time.sleep(0.05)
    child.send_signal(signal.SIGKILL)
    child.wait()
    server.faults.rate = None
    if partial is None:
        raise RuntimeError("the download never reached half-way")
    had = partial.stat().st_size
    before = len(server.content_requests())
    subprocess.run(command, cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    resumed = server.content_requests()[before:]
    fetched = sum(r.sent for r in resumed)
    return {"size": size, "on_disk_after_kill": had, "fetched_on_resume": fetched,
            "missing_bytes": size - had, "only_missing_fetched": fetched == size - had,
            "resume_ranges": [r.range for r in resumed if r.range]}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size-mb", type=int, default=512)
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--cdn", choices=("auto", "nginx", "python"), default="auto")
    parser.add_argument("--json", default="-")
    args = parser.parse_args()
    use_nginx = args.cdn == "nginx" or (args.cdn == "auto" and shutil.which("nginx") is not None)
    if use_nginx and shutil.which("nginx") is None:
        parser.error("--cdn nginx: nginx is not installed (apt-get install nginx-light)")
    with tempfile.TemporaryDirectory(prefix="hearth-download-bench-", dir=os.environ.get("BENCH_TMP")) as tmp:
        work = Path(tmp)
        size = args.size_mb << 20
        server = HubServer().start()
        blob = make_blob(work, size)
        server.add_repo(REPO, {FILE: blob})
        nginx = None
        if use_nginx:
            server.external_cdn, nginx = start_nginx(work, blob)
        print(f"CDN: {'nginx' if nginx else 'the Python look-alike'} at {server.cdn_origin}", file=sys.stderr)
        client = HubClient(server.endpoint)
        url = client.file_url(REPO, client.repo_files(REPO).commit, FILE)
        curl_once(url, work / "warm-up")
        curl, app, reports, ratios = [], [], [], []
        cpu = {"curl_user_s": [], "curl_kernel_s": [], "app_user_s": [], "app_kernel_s": []}
        def run_curl():
            settle()
            return curl_once(url, work / "curl.out")

        def run_app():
            settle()
            return app_in_own_process(server.endpoint, work / "models")

        for run in range(args.runs):
            if run % 2:
                seconds, count, app_user, app_kernel = run_app()
                reference, curl_user, curl_kernel = run_curl()
            else:
                reference, curl_user, curl_kernel = run_curl()
                seconds, count, app_user, app_kernel = run_app()
            for key, value in (("curl_user_s", curl_user), ("curl_kernel_s", curl_kernel),
                               ("app_user_s", app_user), ("app_kernel_s", app_kernel)):
                cpu[key].append(value)
            curl.append(size / reference / 2**20)
            app.append(size / seconds / 2**20)
            ratios.append(app[-1] / curl[-1])
            reports.append(count)
            print(f"run {run + 1}: curl {curl[-1]:.0f} MB/s (CPU {curl_user:.2f} + {curl_kernel:.2f} s kernel), "
                  f"app {app[-1]:.0f} MB/s (CPU {app_user:.2f} + {app_kernel:.2f} s kernel) ({ratios[-1]:.2f})",
                  file=sys.stderr)
        result = {"size_mb": args.size_mb, "cdn": "nginx" if nginx else "python", "curl_mb_s": summary(curl),
                  "app_mb_s": summary(app), "progress_reports": summary(reports), "paired_ratio": summary(ratios),
                  "ratio": summary(ratios)["median"], "cpu_seconds": {k: summary(v) for k, v in cpu.items()}}
        if nginx is not None:
            nginx.terminate()
            nginx.wait()
            server.external_cdn = None  # the resume check counts the bytes in the look-alike's own log
        result["resume"] = resume_after_kill(server, size, work)
        server.stop()
    emit(result, args.json)
    return 0


if __name__ == "__main__":
    sys.exit(main())  # the spawned download process imports this module without running main()
