"""Shared helpers for the benchmarks: start the simulator, run a command and measure its wall time
and peak RSS, medians."""
import json
import os
import statistics
import subprocess
import sys
import time


def build_dir():
    return os.environ.get("NEPHELE_BUILD_DIR", os.path.join(os.getcwd(), "build"))


def cli_path():
    path = os.path.join(build_dir(), "app", "cli", "nephele-cli")
    if not os.access(path, os.X_OK):
        sys.exit(f"{path} not found: build first (packaging/setup build), or set NEPHELE_BUILD_DIR")
    return path


class Simulator:
    """`nephele-cli sim serve` in a child process; stopped on exit."""

    def __init__(self, *args):
        self.proc = subprocess.Popen([cli_path(), "sim", "serve", *args], stdout=subprocess.PIPE, text=True)
        line = self.proc.stdout.readline()
        if not line:
            self.proc.kill()
            sys.exit("the simulator did not start")
        self.hello = json.loads(line)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.proc.terminate()
        self.proc.wait(timeout=30)


def run_measured(command, env=None):
    """Runs command with os.wait4 so the child's own peak RSS is known. Returns (wall s, rss MB, stdout, stderr)."""
    started = time.perf_counter()
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    # communicate() would reap the child; read the pipes, then wait4 ourselves for its rusage.
    out = proc.stdout.read()
    err = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - started
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        sys.exit(f"{command[0]} failed ({proc.returncode}): {err.decode(errors='replace')[:2000]}")
    return wall, usage.ru_maxrss / 1024.0, out, err


def median(values):
    return statistics.median(values)
