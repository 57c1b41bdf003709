"""k8s-list: a simulated cluster with realistic pods (5-13 kB of JSON each), listed by Nephele
(nodes, pods and containers into the inventory store) and by `kubectl get pods -A -o wide`, in the
same run against the same simulator over TLS.

Figures per side, medians of --runs: time until every pod is in (our store | kubectl's table),
time to the first 500 rows, peak RSS. Then our side alone at the target scale (150,000 pods on
5,000 nodes, Kubernetes' documented limit), where kubectl would need several GB.

Then the watch: the same cluster churning at --watch-rate changes a second, listed by the console's
account session into a shown tree and watched for --watch-seconds; a 1 ms timer on the GUI thread
gives the longest stall (target: none over 50 ms).

    tests/bench/run k8s-list [--pods 20000] [--nodes 700] [--runs 3] [--full-pods 150000] [--full-nodes 5000]
                             [--watch-rate 5000] [--watch-seconds 60]
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import benchlib  # noqa: E402


def bench_path():
    path = os.path.join(benchlib.build_dir(), "tests", "bench", "k8s_list_bench")
    if not os.access(path, os.X_OK):
        sys.exit(f"{path} is not built (build the tests first)")
    return path


def ours(kubeconfig):
    wall, rss, out, _ = benchlib.run_measured([bench_path(), kubeconfig])
    figures = json.loads(out.decode().strip().splitlines()[-1])
    figures["wall_s"] = wall
    figures["rss_mb"] = rss
    return figures


def kubectl(kubeconfig, expected_pods):
    """Wall time to the whole table, time to its first 500 rows, peak RSS."""
    started = time.perf_counter()
    proc = subprocess.Popen(["kubectl", "--kubeconfig", kubeconfig, "get", "pods", "-A", "-o", "wide"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    rows = 0
    first_500 = None
    for _ in proc.stdout:
        rows += 1
        if first_500 is None and rows > 500:  # the header line, then 500 pods
            first_500 = time.perf_counter() - started
    err = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"kubectl failed: {err.decode(errors='replace')[:2000]}")
    if rows - 1 != expected_pods:
        sys.exit(f"kubectl listed {rows - 1} pods, the simulator holds {expected_pods}")
    return {"wall_s": wall, "first_500_s": first_500 or wall, "rss_mb": usage.ru_maxrss / 1024.0}


def serve(nodes, pods, churn=0):
    extra = ["--churn", str(churn)] if churn else []
    return benchlib.Simulator("--provider", "kubernetes", "--nodes", str(nodes), "--pods", str(pods), "--seed", "5",
                              "--realistic-pods", "--tls", *extra)


def watch(kubeconfig, seconds):
    path = os.path.join(benchlib.build_dir(), "tests", "bench", "k8s_watch_bench")
    if not os.access(path, os.X_OK):
        sys.exit(f"{path} is not built (build the tests first)")
    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    out = subprocess.run([path, kubeconfig, str(seconds)], check=True, capture_output=True, env=env).stdout
    return json.loads(out.decode().strip().splitlines()[-1])


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pods", type=int, default=20000)
    parser.add_argument("--nodes", type=int, default=700)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--full-pods", type=int, default=150000, help="ours alone at this scale (0: skip)")
    parser.add_argument("--full-nodes", type=int, default=5000)
    parser.add_argument("--watch-rate", type=int, default=5000, help="churn a second in the watch phase (0: skip)")
    parser.add_argument("--watch-seconds", type=int, default=60)
    args = parser.parse_args()
    have_kubectl = shutil.which("kubectl") is not None

    print(f"k8s-list: {args.pods} realistic pods on {args.nodes} nodes, simulator over TLS on loopback; "
          f"medians of {args.runs} runs")
    with serve(args.nodes, args.pods) as sim:
        kubeconfig = sim.hello["kubeconfig"]
        ours_runs = [ours(kubeconfig) for _ in range(args.runs)]
        pods = ours_runs[0]["kinds"].get("pod", 0)
        if pods != args.pods:
            sys.exit(f"nephele listed {pods} pods, the simulator holds {args.pods}")
        kubectl_runs = [kubectl(kubeconfig, args.pods) for _ in range(args.runs)] if have_kubectl else []

    m = benchlib.median
    ours_s = m([r["in_store_ms"] for r in ours_runs]) / 1000.0
    ours_first = m([r["first_500_ms"] for r in ours_runs]) / 1000.0
    ours_rss = m([r["rss_mb"] for r in ours_runs])
    kinds = ours_runs[0]["kinds"]
    print(f"  nephele: every record in the store in {ours_s:.2f} s (listed {m([r['listed_ms'] for r in ours_runs]) / 1000:.2f} s;"
          f" {kinds.get('node', 0)} nodes, {kinds.get('pod', 0)} pods, {kinds.get('container', 0)} containers),"
          f" first 500 rows {ours_first * 1000:.0f} ms, peak RSS {ours_rss:.0f} MB")
    if kubectl_runs:
        k_s = m([r["wall_s"] for r in kubectl_runs])
        k_first = m([r["first_500_s"] for r in kubectl_runs])
        k_rss = m([r["rss_mb"] for r in kubectl_runs])
        print(f"  kubectl get pods -A -o wide: {k_s:.2f} s, first 500 rows {k_first * 1000:.0f} ms, peak RSS {k_rss:.0f} MB")
        print(f"  kubectl/nephele: time {k_s / ours_s:.1f}x, first 500 rows {k_first / ours_first:.1f}x, "
              f"peak RSS {k_rss / ours_rss:.1f}x")
    else:
        print("  kubectl is not installed (Debian's kubernetes-client): no peer in this run")

    if args.full_pods:
        with serve(args.full_nodes, args.full_pods) as sim:
            full = ours(sim.hello["kubeconfig"])
        kinds = full["kinds"]
        print(f"  nephele at {args.full_pods} pods on {args.full_nodes} nodes: every record in the store in "
              f"{full['in_store_ms'] / 1000:.2f} s ({kinds.get('pod', 0)} pods, {kinds.get('container', 0)} containers),"
              f" first 500 rows {full['first_500_ms']} ms, peak RSS {full['rss_mb']:.0f} MB (targets: >= 15x kubectl,"
              f" <= 400 MB)")
    if args.watch_rate:
        with serve(args.nodes, args.pods, args.watch_rate) as sim:
            w = watch(sim.hello["kubeconfig"], args.watch_seconds)
        print(f"  watch: {args.pods} pods churning at {args.watch_rate} changes/s, the tree shown, {w['seconds']:.0f} s: "
              f"{w['events_per_s']:.0f} record changes/s applied in {w['batches']} batches; GUI thread: longest stall "
              f"{w['worst_stall_ms']:.0f} ms, 99th percentile gap {w['p99_gap_ms']:.1f} ms, "
              f"{w['stalls_over_50ms']} stalls over 50 ms (target: none); {w['relists']} relists; "
              f"peak RSS {w['peak_rss_mb']:.0f} MB")
        # Qt runs timers only once the loop is otherwise idle, so the 1 ms ticker's gaps are the time
        # to idle; the dispatches say what held the GUI thread.
        print(f"  watch: {w['dispatches_over_20ms']} GUI dispatches over 20 ms; slowest: "
              + "; ".join(w['slowest_dispatches'][:4]))
    if kubectl_runs:
        print(f"RATIO kubectl/nephele time {k_s / ours_s:.2f}")
    else:
        print("RATIO kubectl/nephele time n/a")


if __name__ == "__main__":
    main()
