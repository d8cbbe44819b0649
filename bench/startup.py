"""Cold start, side by side: time to a visible window and memory a few seconds later.

For each subject a fresh process is started; every 20 ms `xdotool search --onlyvisible --pid` asks
Xvfb whether a window of that pid is visible (the method of issue 18); the CPU time the process had
used by then is read too (it stretches far less than wall time when other work shares the cores,
though it includes what ran until the poll noticed the window). `--settle` seconds after the window
showed (several, comma-separated, are read in the same run: "2,6"), the memory of the process and of
every process it started is read from /proc: RSS summed over them (what the issue's targets count) and
PSS (shared pages split, so the sum is honest). Subjects run interleaved, round by round, in a rotating
order, so a slow moment of this machine hits all of them; each has its own fresh home, kept across its
runs (run 0 is the first start, which for the app builds the embedded store's catalogue: reported apart,
not in the median).

Subjects: the bare PySide6 QMainWindow (the floor), the app on its embedded store, the app against
a real-service URL that can't be reached (no embedded store), MusicBrainz Picard if installed, and,
with `--base PATH`, the same two app subjects from another checkout (e.g. a worktree of HEAD) for a
before/after in the same run. `--load` keeps one core busy with a spinning process meanwhile.

Without Xvfb/xdotool it falls back to the app's own `--print-startup` mark (offscreen), and says so.

Run: .venv/bin/python bench/startup.py [--runs 5] [--settle 5 | 2,6] [--base /tmp/base_wt] [--load]
"""
from __future__ import annotations

import argparse
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
UNREACHABLE = "https://api.7digital.invalid/1.2/"   # .invalid never resolves (RFC 6761)
FLOOR = ("import sys\n"
         "from PySide6.QtWidgets import QApplication, QMainWindow\n"
         "app = QApplication(sys.argv)\n"
         "w = QMainWindow(); w.resize(1000, 700); w.setWindowTitle('floor'); w.show()\n"
         "sys.exit(app.exec())\n")


@dataclass
class Subject:
    name: str
    argv: list[str]
    cwd: Path = ROOT
    env: dict[str, str] = field(default_factory=dict)
    home: Path | None = None
    ready_line: bool = False     # no window: "shown" is when its first stdout line (the store's URL) came
    shown: list[float] = field(default_factory=list)
    rss: list[float] = field(default_factory=list)          # at the first settle time
    pss: list[float] = field(default_factory=list)
    main_rss: list[float] = field(default_factory=list)
    later: dict[float, list[tuple[float, float]]] = field(default_factory=dict)   # later settles: (RSS, PSS)
    cpu: list[float] = field(default_factory=list)      # CPU time the process had used when it showed
    first: tuple[float, float, float] | None = None     # run 0: shown ms, summed RSS MB, PSS MB
    procs: int = 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="measured runs per subject (after a first start)")
    parser.add_argument("--settle", type=_seconds, default=[5.0],
                        help="seconds after the window showed to read memory (comma-separated: several reads)")
    parser.add_argument("--base", type=Path, help="another checkout of the app to run beside this one")
    parser.add_argument("--load", action="store_true", help="keep one core busy meanwhile")
    parser.add_argument("--only", help="comma-separated subject names to run (see the table)")
    parser.add_argument("--python", default=sys.executable)
    args = parser.parse_args()

    subjects = make_subjects(args)
    if args.only:
        wanted = set(args.only.split(","))
        subjects = [s for s in subjects if s.name in wanted]
    display = start_xvfb()
    mode = "xdotool --onlyvisible --pid under Xvfb" if display else "the app's --print-startup mark (offscreen)"
    spinner = subprocess.Popen([sys.executable, "-c", "while True: pass"]) if args.load else None
    print(f"window shown by: {mode}; {os.cpu_count()} cores; load average {os.getloadavg()[0]:.2f}"
          + ("; one core kept busy by a spinner" if spinner else ""), flush=True)
    try:
        for round_ in range(args.runs + 1):
            order = subjects[round_ % len(subjects):] + subjects[:round_ % len(subjects)]
            for subject in order:
                result = run_once(subject, display, args.settle)
                if result is None:
                    tail = (subject.home / "stderr.log").read_text(errors="replace").strip().splitlines()[-3:]
                    print(f"  {subject.name}: no window within 60 s (or it exited): {' | '.join(tail)}", flush=True)
                    continue
                shown, cpu, (rss, pss, main_rss, procs), *later = result
                subject.procs = max(subject.procs, procs)
                if round_ == 0:
                    subject.first = (shown, rss, pss)
                else:
                    subject.shown.append(shown)
                    subject.rss.append(rss)
                    subject.pss.append(pss)
                    subject.main_rss.append(main_rss)
                    subject.cpu.append(cpu)
                    for settle, memory in zip(args.settle[1:], later):
                        subject.later.setdefault(settle, []).append(memory[:2])
                then = "".join(f", at {t:g} s RSS {m[0]:.0f} PSS {m[1]:.0f}" for t, m in zip(args.settle[1:], later))
                print(f"  round {round_} {subject.name}: shown {shown:.0f} ms (CPU {cpu:.0f} ms), RSS {rss:.0f} MB "
                      f"(main {main_rss:.0f}), PSS {pss:.0f} MB, {procs} process(es){then}", flush=True)
    finally:
        if spinner is not None:
            spinner.kill()
            spinner.wait()
        if display:
            display[1].terminate()
            display[1].wait()
        for subject in subjects:
            if subject.home is not None:
                shutil.rmtree(subject.home, ignore_errors=True)
    report(subjects)
    return 0


def _seconds(text: str) -> list[float]:
    return sorted(float(part) for part in text.split(","))


def make_subjects(args) -> list[Subject]:
    python = args.python
    subjects = [Subject("floor", [python, "-c", FLOOR])]
    checkouts = [("app", ROOT)] + ([("base", args.base.resolve())] if args.base else [])
    for label, root in checkouts:
        env = {"PYTHONPATH": str(root)}
        subjects.append(Subject(f"{label}-embedded", [python, "-m", "app"], cwd=root, env=env))
        subjects.append(Subject(f"{label}-real-url", [python, "-m", "app", "--api-url", UNREACHABLE,
                                                      "--consumer-key", "bench-key"], cwd=root, env=env))
    # The embedded store as its own process (the design issue 18 asks to measure): its readiness and
    # memory; its RSS plus app-real-url's is what that design would hold (summed over both processes).
    subjects.append(Subject("store-process", [python, "-m", "app.sandbox", "--port", "0"],
                            env={"PYTHONPATH": str(ROOT)}, ready_line=True))
    picard = shutil.which("picard")
    if picard:
        subjects.append(Subject("picard", [picard]))
    for subject in subjects:
        subject.home = Path(tempfile.mkdtemp(prefix=f"startup-{subject.name}-"))
    return subjects


def start_xvfb():
    if not (shutil.which("Xvfb") and shutil.which("xdotool")):
        return None
    for number in range(71, 99):
        if not Path(f"/tmp/.X11-unix/X{number}").exists() and not Path(f"/tmp/.X{number}-lock").exists():
            break
    else:
        return None
    server = subprocess.Popen(["Xvfb", f":{number}", "-screen", "0", "1600x1000x24", "-nolisten", "tcp"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(250):
        if Path(f"/tmp/.X11-unix/X{number}").exists():
            return f":{number}", server
        time.sleep(0.02)
    server.kill()
    return None


def run_once(subject: Subject, display, settles: list[float]):
    home = subject.home
    env = {k: v for k, v in os.environ.items() if not k.startswith(("QT_", "XDG_"))}
    env.update(subject.env, HOME=str(home), XDG_CONFIG_HOME=str(home / "config"),
               XDG_DATA_HOME=str(home / "data"), XDG_CACHE_HOME=str(home / "cache"),
               XDG_RUNTIME_DIR=str(home / "run"))
    (home / "run").mkdir(mode=0o700, exist_ok=True)
    argv = list(subject.argv)
    if subject.ready_line:
        argv += ["--state-file", str(home / "store.sqlite3"), "--cache-dir", str(home / "store-cache")]
    if display:
        env.update(DISPLAY=display[0], QT_QPA_PLATFORM="xcb")
    else:
        env.update(QT_QPA_PLATFORM="offscreen")
        if subject.name.startswith(("app", "base")):
            argv.append("--print-startup")
        elif subject.name != "floor" and not subject.ready_line:
            return None
    errors = (home / "stderr.log").open("w")
    started = time.perf_counter()
    proc = subprocess.Popen(argv, cwd=subject.cwd, env=env, stdout=subprocess.PIPE if not display or subject.ready_line
                            else subprocess.DEVNULL, stderr=errors, text=True, start_new_session=True)
    try:
        shown = wait_shown(proc, None if subject.ready_line else display, started)
        if shown is None:
            return None
        cpu = cpu_ms(proc.pid)
        shown_at = time.perf_counter()
        memory = []
        for settle in settles:
            time.sleep(max(0.0, shown_at + settle - time.perf_counter()))
            memory.append(memory_of_tree(proc.pid))
        return shown, cpu, *memory
    finally:
        stop(proc)
        errors.close()


def wait_shown(proc, display, started: float) -> float | None:
    deadline = started + 60
    if not display:
        if proc.pid and proc.stdout is not None:
            line = proc.stdout.readline()     # the app prints its mark; the floor prints nothing
            return (time.perf_counter() - started) * 1000 if line else None
        return None
    while time.perf_counter() < deadline and proc.poll() is None:
        found = subprocess.run(["xdotool", "search", "--onlyvisible", "--pid", str(proc.pid)],
                               env=dict(os.environ, DISPLAY=display[0]), capture_output=True, text=True, check=False)
        if found.stdout.strip():
            return (time.perf_counter() - started) * 1000
        time.sleep(0.02)
    return None


def cpu_ms(pid: int) -> float:
    """User + system CPU time the process has used (10 ms steps): on a busy machine the wall time to
    the window stretches with everyone else's work, this much less."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return float("nan")
    return (int(fields[11]) + int(fields[12])) * 1000 / os.sysconf("SC_CLK_TCK")


def descendants(pid: int) -> list[int]:
    """pid and every process below it (by parent pid, from /proc)."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        children.setdefault(ppid, []).append(int(entry.name))
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        todo.extend(children.get(current, []))
    return found


def memory_of_tree(pid: int) -> tuple[float, float, float, int]:
    """(summed RSS MB, summed PSS MB, the main process's RSS MB, process count)."""
    rss = pss = main = 0.0
    pids = descendants(pid)
    for each in pids:
        try:
            for line in Path(f"/proc/{each}/smaps_rollup").read_text().splitlines():
                if line.startswith("Rss:"):
                    value = int(line.split()[1]) / 1024
                    rss += value
                    if each == pid:
                        main = value
                elif line.startswith("Pss:"):
                    pss += int(line.split()[1]) / 1024
        except OSError:
            continue
    return rss, pss, main, len(pids)


def stop(proc) -> None:
    pids = descendants(proc.pid)
    try:
        os.killpg(proc.pid, signal.SIGTERM)
    except ProcessLookupError:
        pass
    try:
        proc.wait(15)
    except subprocess.TimeoutExpired:
        pass
    for each in pids:           # whatever it started and left behind
        try:
            os.kill(each, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
    try:
        proc.wait(5)
    except subprocess.TimeoutExpired:
        pass


def report(subjects: list[Subject]) -> None:
    reference = next((s for s in subjects if s.name == "picard" and s.shown), None)
    floor = next((s for s in subjects if s.name == "floor" and s.shown), None)
    print()
    print(f"{'subject':<18} {'shown ms (median)':>18} {'x picard':>9} {'x floor':>8} {'CPU ms':>7} {'x picard':>9} "
          f"{'RSS MB sum':>11} "
          f"{'main RSS':>9} {'PSS MB':>7} {'procs':>6} {'first start':>22}")
    for s in subjects:
        if not s.shown:
            print(f"{s.name:<18} {'(no result)':>18}")
            continue
        shown = statistics.median(s.shown)
        vs_picard = f"{shown / statistics.median(reference.shown):.2f}" if reference else "-"
        vs_floor = f"{shown / statistics.median(floor.shown):.2f}" if floor else "-"
        first = f"{s.first[0]:.0f} ms, {s.first[1]:.0f} MB" if s.first else "-"
        cpu = statistics.median(s.cpu)
        cpu_vs_picard = f"{cpu / statistics.median(reference.cpu):.2f}" if reference else "-"
        print(f"{s.name:<18} {shown:>10.0f} ({min(s.shown):.0f}-{max(s.shown):.0f}) {vs_picard:>9} {vs_floor:>8} "
              f"{cpu:>7.0f} {cpu_vs_picard:>9} "
              f"{statistics.median(s.rss):>11.0f} {statistics.median(s.main_rss):>9.0f} "
              f"{statistics.median(s.pss):>7.0f} {s.procs:>6} {first:>22}"
              + "".join(f"   at {t:g} s: RSS {statistics.median(m[0] for m in v):.0f} PSS "
                        f"{statistics.median(m[1] for m in v):.0f}" for t, v in sorted(s.later.items())))


if __name__ == "__main__":
    sys.exit(main())
