"""terminal-throughput: the terminal widget (views/terminal) against bare libvterm on the same bytes.

Five vtebench-like streams are generated once (deterministic): plain scrolling text, dense filled
lines, alternate-screen random cursor-positioned writes, colour-heavy text (an SGR every 2-6
characters) and unicode (wide CJK, combining marks, emoji). Each run is a fresh process:

  ours      terminal_bench ours FILE      TerminalWidget shown at 200x50 cells, painting included:
                                          first byte handed over -> last byte parsed and painted
  libvterm  terminal_bench libvterm FILE  vterm_input_write on a VTerm with a screen of the same
                                          size, no callbacks, no painting (the emulation's limit)

Both get the bytes in 64 KB chunks. Ours and the peer alternate; each figure is the median of the
runs. MB/s is wall-clock; the CPU MB/s columns divide by the process's CPU time instead (ours uses
two threads: parser and GUI), which is steadier on a loaded machine.

The byte source of "ours" can be swapped: --source-command 'ssh -p 2222 host cat {file}' runs that
command per stream ({file} is the stream's path) and feeds its stdout to the terminal as it arrives,
so the wire is part of the measurement; the libvterm peer still reads the file.

--ssh adds the wire: a loopback OpenSSH sshd is started in a temporary folder, a 200 MB scrolling
stream (--ssh-mb) is streamed with `ssh ... cat FILE` into the terminal (painting included), beside
`ssh ... cat FILE > /dev/null` to the same sshd (the wire's limit) and bare libvterm on the same file
(the emulation's limit), in the same run.

Then the keystroke echo latency: a key press on the widget -> bytes out -> `cat` in raw mode on a
local pty echoes it -> parsed -> painted, p50/p99, beside the bare pty round trip. Keys come 40 ms
apart (25 a second, like key repeat).

The last line is `RATIO nephele/libvterm throughput <x>`, x = the smallest of the streams' ratios
(the line before says the median too)."""
import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import benchlib  # noqa: E402

STREAMS = [
    # name, MB
    ("scrolling", 16),
    ("dense", 16),
    ("alt-random", 32),
    ("colors", 16),
    ("unicode", 16),
]


def bench_path():
    path = os.path.join(benchlib.build_dir(), "tests", "bench", "terminal_bench")
    if not os.access(path, os.X_OK):
        sys.exit(f"{path} not found: build the terminal_bench target first, or set NEPHELE_BUILD_DIR")
    return path


def run_json(command, env):
    out = subprocess.run(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, check=False)
    if out.returncode != 0:
        sys.exit(f"{' '.join(command)} failed ({out.returncode}): {out.stderr.decode(errors='replace')[:2000]}")
    return json.loads(out.stdout.decode().strip().splitlines()[-1])


class LoopbackSshd:
    """An OpenSSH sshd -D -e on 127.0.0.1 with its own host key and an authorized client key, all in
    a temporary folder (see ../shared/SERVERS.md); stopped on exit."""

    def __init__(self, folder):
        for tool in ("/usr/sbin/sshd", "ssh", "ssh-keygen"):
            if not shutil.which(tool):
                sys.exit(f"--ssh needs {tool} (packages openssh-server, openssh-client)")
        self.folder = folder
        os.makedirs(folder, exist_ok=True)
        self.key = os.path.join(folder, "client_key")
        host_key = os.path.join(folder, "host_key")
        for path in (self.key, host_key):
            subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", path], check=True)
        self.user = os.environ.get("USER") or subprocess.run(["id", "-un"], stdout=subprocess.PIPE,
                                                             text=True, check=True).stdout.strip()
        auth = os.path.join(folder, "auth")
        os.makedirs(auth)
        shutil.copy(self.key + ".pub", os.path.join(auth, self.user))
        os.chmod(folder, 0o755)
        os.makedirs("/run/sshd", exist_ok=True)
        import socket
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        config = os.path.join(folder, "sshd_config")
        with open(config, "w") as f:
            f.write(f"ListenAddress 127.0.0.1\nPort {self.port}\nHostKey {host_key}\n"
                    f"PidFile {folder}/sshd.pid\nAuthorizedKeysFile {auth}/%u\nUsePAM no\nStrictModes no\n"
                    "PasswordAuthentication no\nKbdInteractiveAuthentication no\n")
        self.proc = subprocess.Popen(["/usr/sbin/sshd", "-D", "-e", "-f", config], stderr=subprocess.PIPE, text=True)
        # sshd says "Server listening on 127.0.0.1 port N." once it accepts connections.
        for line in self.proc.stderr:
            if "Server listening" in line:
                break
        else:
            sys.exit("sshd did not start")

    def command(self, remote):
        return ["ssh", "-F", "/dev/null", "-p", str(self.port), "-i", self.key, "-o", "BatchMode=yes",
                "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null", "-o", "LogLevel=ERROR",
                f"{self.user}@127.0.0.1", remote]

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.proc.terminate()
        self.proc.wait(timeout=30)


def run_ssh_section(bench, env, ours_env, ours_prefix, args, tmp):
    """200 MB over SSH into the terminal, beside the wire's limit and bare libvterm."""
    import shlex
    path = os.path.join(tmp, "ssh-scrolling.bin")
    size = int(args.ssh_mb * 1_000_000)
    subprocess.run([bench, "generate", "scrolling", str(size), path], env=env, check=True, stderr=subprocess.DEVNULL)
    size_mb = os.path.getsize(path) / 1e6
    with LoopbackSshd(os.path.join(tmp, "sshd")) as sshd:
        source = " ".join(shlex.quote(a) for a in sshd.command(f"cat {shlex.quote(path)}"))
        ours_cmd = ours_prefix + [bench, "ours", path, f"--scrollback={args.scrollback}", "--source=command:" + source]
        peer_cmd = [bench, "libvterm", path]
        subprocess.run(sshd.command("true"), check=True)  # warm-up: the first login
        ours, wire, peer = [], [], []
        for _ in range(args.ssh_runs):
            r = run_json(ours_cmd, ours_env)
            if abs(r["bytes"] / 1e6 - size_mb) > 1e-6:
                sys.exit("ssh: ours did not receive the whole stream")
            ours.append(size_mb / r["seconds"])
            started = time.perf_counter()
            subprocess.run(sshd.command(f"cat {shlex.quote(path)}"), stdout=subprocess.DEVNULL, check=True)
            wire.append(size_mb / (time.perf_counter() - started))
            peer.append(size_mb / run_json(peer_cmd, env)["seconds"])
    med = statistics.median
    print(f"ssh: {size_mb:.0f} MB scrolling stream from a loopback OpenSSH sshd, {args.ssh_runs} runs, medians")
    print(f"{'path':52}{'MB/s':>10}")
    print(f"{'ssh cat -> nephele terminal (painting included)':52}{med(ours):10.2f}")
    print(f"{'ssh cat > /dev/null (the wire)':52}{med(wire):10.2f}")
    print(f"{'bare libvterm on the same bytes (the emulation)':52}{med(peer):10.2f}")
    print(f"ssh: nephele/wire {med(ours) / med(wire):.3f}, nephele/libvterm {med(ours) / med(peer):.2f}")
    print("all runs ssh: nephele " + " ".join(f"{x:.2f}" for x in ours) + " | wire "
          + " ".join(f"{x:.2f}" for x in wire) + " | libvterm " + " ".join(f"{x:.2f}" for x in peer))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--scale", type=float, default=1.0, help="multiply every stream's size")
    parser.add_argument("--streams", default=",".join(s for s, _ in STREAMS))
    parser.add_argument("--display", choices=["offscreen", "xvfb"], default="offscreen",
                        help="paint to Qt's offscreen platform, or to an Xvfb server through xcb")
    parser.add_argument("--source-command", default=None,
                        help="feed ours from this command's stdout; {file} is the stream's path")
    parser.add_argument("--scrollback", type=int, default=10000,
                        help="the widget's scrollback in lines (0: off, which also spares libvterm handing "
                             "each scrolled line over)")
    parser.add_argument("--latency-samples", type=int, default=300)
    parser.add_argument("--ssh", action="store_true",
                        help="also stream --ssh-mb MB with cat over SSH from a loopback sshd into the terminal, "
                             "beside ssh ... cat > /dev/null (the wire) and bare libvterm")
    parser.add_argument("--ssh-mb", type=float, default=200)
    parser.add_argument("--ssh-runs", type=int, default=1)
    args = parser.parse_args()

    bench = bench_path()
    env = dict(os.environ)
    env["QT_QPA_PLATFORM"] = "offscreen"
    ours_prefix = []
    if args.display == "xvfb":
        xvfb = shutil.which("xvfb-run")
        if not xvfb:
            sys.exit("xvfb-run not found")
        ours_prefix = [xvfb, "-a", "-s", "-screen 0 1920x1080x24"]
    ours_env = dict(env)
    if args.display == "xvfb":
        ours_env["QT_QPA_PLATFORM"] = "xcb"

    chosen = [s for s in args.streams.split(",") if s]
    sizes = dict(STREAMS)
    rows = []
    with tempfile.TemporaryDirectory(prefix="nephele-terminal-bench-") as tmp:
        for name in chosen:
            if name not in sizes:
                sys.exit(f"unknown stream {name}; known: {', '.join(sizes)}")
            path = os.path.join(tmp, name + ".bin")
            size = int(sizes[name] * args.scale * 1_000_000)
            subprocess.run([bench, "generate", name, str(size), path], env=env, check=True,
                           stderr=subprocess.DEVNULL)
            ours_cmd = ours_prefix + [bench, "ours", path, f"--scrollback={args.scrollback}"]
            if args.source_command:
                ours_cmd.append("--source=command:" + args.source_command.replace("{file}", path))
            peer_cmd = [bench, "libvterm", path]
            run_json(peer_cmd, env)  # warm-up: page cache, libraries
            ours, peer = [], []
            for _ in range(args.runs):
                ours.append(run_json(ours_cmd, ours_env))
                peer.append(run_json(peer_cmd, env))
            size_mb = os.path.getsize(path) / 1e6
            if any(abs(r["bytes"] / 1e6 - size_mb) > 1e-6 for r in ours):
                sys.exit(f"{name}: ours did not receive the whole stream")
            med = lambda rs, k: statistics.median(r[k] for r in rs)  # noqa: E731
            row = {
                "stream": name,
                "mb": size_mb,
                "ours": size_mb / med(ours, "seconds"),
                "peer": size_mb / med(peer, "seconds"),
                "ours_cpu": size_mb / med(ours, "cpu_seconds"),
                "peer_cpu": size_mb / med(peer, "cpu_seconds"),
                "frames": med(ours, "frames"),
                "stall": med(ours, "worst_gui_gap_ms"),
                "first": med(ours, "first_frame_ms"),
                "platform": ours[0].get("platform", "?"),
                "ours_all": [size_mb / r["seconds"] for r in ours],
                "peer_all": [size_mb / r["seconds"] for r in peer],
            }
            row["ratio"] = row["ours"] / row["peer"]
            row["cpu_ratio"] = row["ours_cpu"] / row["peer_cpu"]
            rows.append(row)

        print(f"terminal-throughput: 200x50 cells, painting on Qt '{rows[0]['platform'] if rows else '?'}', "
              f"scrollback {args.scrollback} lines, {args.runs} runs per stream, medians"
              + (f", ours fed by: {args.source_command}" if args.source_command else ""))
        print(f"{'stream':12}{'MB':>6}{'nephele MB/s':>14}{'libvterm MB/s':>15}{'ratio':>8}"
              f"{'CPU MB/s ours':>15}{'CPU MB/s peer':>15}{'CPU ratio':>11}{'frames':>8}{'1st frame ms':>14}"
              f"{'GUI stall ms':>14}")
        for r in rows:
            print(f"{r['stream']:12}{r['mb']:6.0f}{r['ours']:14.2f}{r['peer']:15.2f}{r['ratio']:8.2f}"
                  f"{r['ours_cpu']:15.2f}{r['peer_cpu']:15.2f}{r['cpu_ratio']:11.2f}{r['frames']:8.0f}"
                  f"{r['first']:14.0f}{r['stall']:14.0f}")
        print("1st frame ms: when the first frame was painted (it loads and rasterises the glyphs, once per "
              "process); GUI stall ms: the GUI thread's longest pause in its event loop after that frame")
        if args.ssh:
            run_ssh_section(bench, env, ours_env, ours_prefix, args, tmp)
        for r in rows:
            print(f"all runs {r['stream']}: nephele " + " ".join(f"{x:.2f}" for x in r["ours_all"])
                  + " | libvterm " + " ".join(f"{x:.2f}" for x in r["peer_all"]))

    if args.latency_samples > 0:
        lat = run_json(ours_prefix + [bench, "latency", f"--samples={args.latency_samples}"], ours_env)
        print(f"keystroke echo, key press -> pty (cat, raw mode) -> painted, {lat['samples']} samples: "
              f"p50 {lat['ours_p50_ms']:.3f} ms, p99 {lat['ours_p99_ms']:.3f} ms; "
              f"pty round trip alone p50 {lat['pty_p50_ms']:.3f} ms, p99 {lat['pty_p99_ms']:.3f} ms; "
              f"added by the terminal p50 {lat['ours_p50_ms'] - lat['pty_p50_ms']:.3f} ms, "
              f"p99 {lat['ours_p99_ms'] - lat['pty_p99_ms']:.3f} ms")

    ratios = [r["ratio"] for r in rows]
    print(f"x below = the smallest stream ratio (wall-clock MB/s, nephele/libvterm); "
          f"median over streams {statistics.median(ratios):.2f}")
    print(f"RATIO nephele/libvterm throughput {min(ratios):.2f}")


if __name__ == "__main__":
    main()
