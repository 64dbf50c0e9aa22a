#!/usr/bin/env python3
"""Measures `lpm fleet` failover: kill -9 a node N times, time until its bots run elsewhere.

Starts its own etcd (free loopback ports, temp data dir), `lpm platform` and three `lpm fleet`
nodes running `lpm fleet example-bot` for 12 bots. Each round kills the node holding bots with
SIGKILL and measures
  claimed: kill -> every bot claimed by a live node (`lpm fleet status --json`)
  live:    kill -> 12 brand users with an open socket again (`/_lpm/ums/sockets`)
then restarts the node and waits for the fleet to rebalance (4 bots per node).

Usage: cargo build -p lpm && scripts/fleet-failover.py [--kills 10] [--lpm target/debug/lpm]
"""
import argparse, json, os, shutil, signal, socket, statistics, subprocess, sys, tempfile, time
import urllib.request

BOTS = 12


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait(what, check, limit=60.0):
    start = time.monotonic()
    while time.monotonic() - start < limit:
        if check():
            return time.monotonic() - start
        time.sleep(0.05)
    sys.exit(f"timed out after {limit}s waiting for {what}")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--kills", type=int, default=10)
    ap.add_argument("--lpm", default="target/debug/lpm")
    ap.add_argument("--etcd", default=shutil.which("etcd") or "etcd")
    args = ap.parse_args()
    lpm = os.path.abspath(args.lpm)
    if not os.access(lpm, os.X_OK):
        sys.exit(f"{lpm} not found: cargo build -p lpm first")
    if not shutil.which(args.etcd):
        sys.exit("etcd not found: apt-get install etcd-server (scripts/setup.sh does)")
    tmp = tempfile.mkdtemp(prefix="lpm-failover-")
    procs = []
    try:
        cport, pport, lport = free_port(), free_port(), free_port()
        etcd_url = f"http://127.0.0.1:{cport}"
        peer = f"http://127.0.0.1:{pport}"
        procs.append(subprocess.Popen([args.etcd, "--name", "m", "--data-dir", f"{tmp}/etcd",
            "--listen-client-urls", etcd_url, "--advertise-client-urls", etcd_url,
            "--listen-peer-urls", peer, "--initial-advertise-peer-urls", peer,
            "--initial-cluster", f"m={peer}"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        base = f"http://127.0.0.1:{lport}"
        procs.append(subprocess.Popen([lpm, "platform", "--port", str(lport)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))

        def get(url):
            try:
                with urllib.request.urlopen(url, timeout=2) as r:
                    return r.read().decode()
            except Exception:
                return None

        wait("etcd", lambda: "true" in (get(f"{etcd_url}/health") or ""))
        wait("platform", lambda: get(f"{base}/_lpm/clock") is not None)
        with open(f"{tmp}/bots.toml", "w") as f:
            for i in range(1, BOTS + 1):
                f.write(f'[[bot]]\nid = "bot{i:02}"\naccount = "12345678"\nuser = "fo-bot{i:02}"\n'
                        f'password_env = "BOT{i:02}_PASSWORD"\n\n')
        env = dict(os.environ, LPM_CSDS_URL=base,
                   RUST_LOG="warn,lpm_fleet=info", **{f"BOT{i:02}_PASSWORD": f"pw{i}" for i in range(1, BOTS + 1)})
        nodes = {}

        def start(name):
            log = open(f"{tmp}/{name}.log", "a")
            nodes[name] = subprocess.Popen([lpm, "fleet", "fo", "--etcd", etcd_url, "--node-id", name,
                "--bots", f"{tmp}/bots.toml", "--", lpm, "fleet", "example-bot"],
                env=env, stdout=log, stderr=log)

        def status():
            out = subprocess.run([lpm, "fleet", "status", "fo", "--etcd", etcd_url, "--json"],
                                 capture_output=True, text=True, timeout=10)
            return json.loads(out.stdout) if out.returncode == 0 else None

        def live_users():
            body = get(f"{base}/_lpm/ums/sockets")
            if body is None:
                return -1, False
            users = [str(s["identity"]["userId"]) for s in json.loads(body)
                     if s["side"] == "brand" and s.get("identity")]
            return len(set(users)), len(users) != len(set(users))

        def balanced(names):
            s = status()
            return (s is not None and sorted(n["id"] for n in s["nodes"]) == sorted(names)
                    and all(len(n["bots"]) == BOTS // len(names) for n in s["nodes"])
                    and live_users()[0] == BOTS)

        for name in ("n1", "n2", "n3"):
            start(name)
        wait("12 bots on 3 nodes", lambda: balanced(["n1", "n2", "n3"]), 120)
        claimed, live, doubles = [], [], 0
        for k in range(args.kills):
            victim = ("n1", "n2", "n3")[k % 3]
            others = [n for n in ("n1", "n2", "n3") if n != victim]
            t0 = time.monotonic()
            nodes[victim].send_signal(signal.SIGKILL)
            nodes[victim].wait()

            def moved():
                s = status()
                return s is not None and all(b["owner"] in others for b in s["bots"])
            c = wait("bots claimed elsewhere", moved, 30)

            def all_live():
                n, dup = live_users()
                nonlocal doubles
                doubles += dup
                return n == BOTS
            wait("bots live again", all_live, 30)
            l = time.monotonic() - t0
            claimed.append(c)
            live.append(l)
            print(f"kill {k + 1:2} ({victim}): claimed elsewhere {c:.2f}s, all 12 live {l:.2f}s", flush=True)
            start(victim)
            wait("rebalanced", lambda: balanced(["n1", "n2", "n3"]), 60)
        print(f"claimed elsewhere: median {statistics.median(claimed):.2f}s, max {max(claimed):.2f}s")
        print(f"all 12 live again: median {statistics.median(live):.2f}s, max {max(live):.2f}s")
        print(f"polls that saw one user with two sockets: {doubles}")
    finally:
        for p in list(nodes.values()) if "nodes" in locals() else []:
            p.send_signal(signal.SIGTERM)
        for p in list(nodes.values()) if "nodes" in locals() else []:
            try:
                p.wait(timeout=10)
            except subprocess.TimeoutExpired:
                p.kill()
        for p in procs:
            p.kill()
            p.wait()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
