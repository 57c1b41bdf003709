"""libcloud-list: list and parse 10,000 droplets from the simulator, Nephele's CLI against Apache
Libcloud's DigitalOcean driver, on the same simulator in the same run. Prints wall time and peak
RSS of each (medians over the runs), the in-process listing time each reports, and the ratios.
The last line is `RATIO libcloud/nephele <x>` (wall time)."""
import argparse
import json
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import benchlib  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--machines", type=int, default=10000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    peer = os.path.join(os.path.dirname(os.path.abspath(__file__)), "libcloud_peer.py")
    with benchlib.Simulator("--provider", "digitalocean", "--machines", str(args.machines),
                            "--seed", str(args.seed), "--rate-limit", "0") as sim:
        url, token = sim.hello["url"], sim.hello["token"]
        env = dict(os.environ, NEPHELE_BENCH_TOKEN=token)
        ours_cmd = [benchlib.cli_path(), "machines", "list", "--provider", "digitalocean", "--endpoint", url,
                    "--token-env", "NEPHELE_BENCH_TOKEN", "-o", "json", "--stats"]
        peer_cmd = ["/usr/bin/python3", peer, url, token]

        # One warm-up each, so neither pays for a cold page cache.
        benchlib.run_measured(ours_cmd, env)
        benchlib.run_measured(peer_cmd, env)

        ours = {"wall": [], "rss": [], "list": []}
        theirs = {"wall": [], "rss": [], "list": []}
        for _ in range(args.runs):
            wall, rss, out, err = benchlib.run_measured(ours_cmd, env)
            count = len(json.loads(out))
            if count != args.machines:
                sys.exit(f"nephele listed {count} machines, expected {args.machines}")
            listed_ms = float(re.search(rb"in (\d+) ms", err).group(1))
            ours["wall"].append(wall)
            ours["rss"].append(rss)
            ours["list"].append(listed_ms / 1000.0)

            wall, rss, out, _ = benchlib.run_measured(peer_cmd, env)
            result = json.loads(out)
            if result["nodes"] != args.machines:
                sys.exit(f"libcloud listed {result['nodes']} nodes, expected {args.machines}")
            theirs["wall"].append(wall)
            theirs["rss"].append(rss)
            theirs["list"].append(result["list_seconds"])

    med = {k: {m: benchlib.median(v) for m, v in d.items()} for k, d in (("ours", ours), ("theirs", theirs))}
    print(f"libcloud-list: {args.machines} droplets from the DigitalOcean simulator, {args.runs} runs, medians")
    print(f"{'':34}{'nephele-cli':>14}{'libcloud 3.4':>14}{'ratio':>10}")
    rows = [
        ("wall time, whole process (s)", med["ours"]["wall"], med["theirs"]["wall"]),
        ("listing inside the process (s)", med["ours"]["list"], med["theirs"]["list"]),
        ("peak RSS (MB)", med["ours"]["rss"], med["theirs"]["rss"]),
    ]
    for label, a, b in rows:
        print(f"{label:34}{a:14.3f}{b:14.3f}{b / a:10.1f}x")
    print("all runs, nephele wall:", " ".join(f"{x:.3f}" for x in ours["wall"]))
    print("all runs, libcloud wall:", " ".join(f"{x:.3f}" for x in theirs["wall"]))
    print(f"RATIO libcloud/nephele {med['theirs']['wall'] / med['ours']['wall']:.1f}")


if __name__ == "__main__":
    main()
