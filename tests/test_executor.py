"""One executor, chosen in one place: never a fork, in-order results, a bounded number in flight."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
import threading
from concurrent.futures import Future
from pathlib import Path

import pytest

from lectern.executor import InlineExecutor, bounded_map, make_executor, submit_first

from .conftest import ROOT


def test_one_job_runs_in_this_process_and_more_jobs_never_fork():
    with make_executor(1) as executor:
        assert isinstance(executor, InlineExecutor)
    with make_executor(2) as executor:
        assert executor._mp_context.get_start_method() in ("forkserver", "spawn")  # safe beside serve's thread
        assert list(executor.map(abs, [-1, -2, 3])) == [1, 2, 3]


def test_an_error_in_a_unit_reaches_the_caller():
    with pytest.raises(ZeroDivisionError):
        list(bounded_map(InlineExecutor(), lambda x: 1 // x, [1, 0, 2]))


class Watching(InlineExecutor):
    """Counts calls submitted and not yet handed to the consumer."""

    def __init__(self):
        self.pending = 0
        self.most = 0

    def submit(self, fn, /, *args, **kwargs) -> Future:
        self.pending += 1
        self.most = max(self.most, self.pending)
        return super().submit(fn, *args, **kwargs)


def test_results_come_in_order_with_a_bounded_number_waiting():
    executor = Watching()
    results = []
    for result in bounded_map(executor, lambda x: x * x, range(100), window=3):
        executor.pending -= 1
        results.append(result)
    assert results == [x * x for x in range(100)]
    assert executor.most <= 3


def converter_in_worker(overrides_path: str) -> tuple[str, bool, str]:
    """A worker's view: which Lectern it runs, whether its converter is the fork server's, a conversion."""
    import lectern
    from lectern import convert
    from lectern.errors import Problems

    converter = convert.Converter(convert.read_overrides(Path(overrides_path), Problems()))
    text = converter.convert("资源并发挥作用")
    return lectern.__file__, converter._opencc in convert._SHARED.values(), text


PROBE = """
import os, sys, threading
sys.path.insert(0, {root!r})
from pathlib import Path
from lectern import convert
from lectern.executor import make_executor
from tests.test_executor import converter_in_worker
pools = []
start = threading.Barrier(2)
def make():  # two threads at once: each sets and restores the environment the fork server starts with
    start.wait()
    pools.append(make_executor(2, Path({overrides!r})))
threads = [threading.Thread(target=make) for _ in range(2)]
[thread.start() for thread in threads]
[thread.join() for thread in threads]
print(repr(pools[0].submit(converter_in_worker, {overrides!r}).result()))
[pool.shutdown() for pool in pools]
print(repr((len(convert._SHARED), os.environ.get("PYTHONSAFEPATH"), os.environ.get("LECTERN_OVERRIDES"))))
"""


@pytest.mark.parametrize("flags", [[], ["-E"]], ids=["environment", "environment ignored"])
def test_workers_share_one_converter_made_by_the_fork_server_from_the_builds_own_lectern(tmp_path, flags):
    """About 40 MiB of OpenCC dictionaries, once for all workers (warm.py); in a new process, since the fork
    server is started once per process. A checkout of another Lectern in the working folder is never loaded:
    with -E the fork server cannot be told where this Lectern is, and the workers make their own converter."""
    decoy = tmp_path / "lectern"
    decoy.mkdir()
    (decoy / "__init__.py").write_text("", encoding="utf-8")
    (decoy / "warm.py").write_text("", encoding="utf-8")
    overrides = ROOT / "content" / "conversion-overrides.tsv"
    script = PROBE.format(root=str(ROOT), overrides=str(overrides))
    run = subprocess.run(
        [sys.executable, *flags, "-c", script], cwd=tmp_path, capture_output=True, text=True, timeout=120
    )
    assert run.returncode == 0, run.stderr
    worker, main = [ast.literal_eval(line) for line in run.stdout.splitlines()]
    assert worker[0] == str(ROOT / "lectern" / "__init__.py")
    assert worker[1] is (not flags), "the worker made its own OpenCC" if not flags else "a converter was shared"
    assert worker[2] == "資源並發揮作用"  # the overrides apply (OpenCC alone: 資源併發揮作用)
    assert main == (0, None, None), "the build process converts nothing and its environment is as it was"


def test_the_glossary_travels_to_a_worker_once_per_build_not_with_every_unit():
    """A document unit carries the glossary in both scripts; pickled, it is a digest and the entries' fields,
    and a worker makes its Terms the first time it sees the digest, then finds them again."""
    import pickle

    from lectern.model import Term
    from lectern.pipeline import Glossary

    terms = [
        Term("维持和平行动", "weichi-heping-xingdong", "peacekeeping operations", "定义", "def", aliases=("维和行动",)),
        Term(
            "特别政治任务", "tebie-zhengzhi-renwu", "special political missions", "定义", "def", see=("hippo-2015", 5)
        ),
    ]
    terms_hant = [Term("維持和平行動", "weichi-heping-xingdong", "peacekeeping operations", "定義", "def")]
    glossary = Glossary.of(terms, terms_hant)
    sent = pickle.dumps(glossary)
    first, again = pickle.loads(sent), pickle.loads(pickle.dumps(Glossary.of(terms, terms_hant)))
    assert first.terms == tuple(terms) and first.terms_hant == tuple(terms_hant)
    assert again is first  # the second unit of the build: no Terms made again
    other = pickle.loads(pickle.dumps(Glossary.of(terms[:1], terms_hant)))
    assert other is not first and other.terms == tuple(terms[:1])  # another glossary, another digest


def render_in_worker(folder: str) -> tuple[int, str]:
    """A worker's view: how many templates it found compiled, and a template rendered from `folder`."""
    from lectern import render

    found = len(render._COMPILED.codes)
    env = render._environment([Path(folder)])
    return found, env.get_template("note.html").render(word="x")


TEMPLATES_PROBE = """
import sys
sys.path.insert(0, {root!r})
from pathlib import Path
from lectern.executor import make_executor
from tests.test_executor import render_in_worker
folder = Path({folder!r})
with make_executor(2, None, [folder]) as pool:
    print(repr(pool.submit(render_in_worker, str(folder)).result()))
    (folder / "note.html").write_text("edited {{{{ word }}}}", encoding="utf-8")  # as in serve, after an edit
    print(repr(pool.submit(render_in_worker, str(folder)).result()))
"""


def test_the_fork_server_compiles_the_templates_and_a_worker_sees_a_template_edited_since(tmp_path):
    """The workers start with the build's templates compiled (warm.py), not each compiling them all; a
    template changed after the fork server compiled it (serve keeps one across edits) renders as it is now.
    In a new process, since the fork server is started once per process."""
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "note.html").write_text("first {{ word }}", encoding="utf-8")
    (folder / "broken.html").write_text("{% if %}", encoding="utf-8")  # left for check_templates to report
    script = TEMPLATES_PROBE.format(root=str(ROOT), folder=str(folder))
    run = subprocess.run([sys.executable, "-c", script], cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    first, second = [ast.literal_eval(line) for line in run.stdout.splitlines()]
    assert first == (1, "first x")
    assert second[1] == "edited x"


class Slow(InlineExecutor):
    """An executor whose first submit waits, as a process pool's does for its fork server."""

    def __init__(self):
        self.opened = threading.Event()
        self.submitted: list = []

    def submit(self, fn, /, *args, **kwargs) -> Future:
        self.opened.wait(timeout=30)
        self.submitted.append(args)
        return super().submit(fn, *args, **kwargs)


def test_while_the_workers_start_the_build_process_does_the_work_itself_then_hands_the_rest_on():
    """A pool's first submit waits for its fork server (0.3-0.45 s); the build process parses documents meanwhile
    (submit_first, bounded_map's `started`), and every result still comes, in order, exactly once."""
    executor = Slow()
    first, started = submit_first(executor, abs, -7)
    results = bounded_map(executor, lambda x: x * 10, range(6), started=started)
    assert [next(results), next(results)] == [0, 10]  # made here: the executor has not started
    assert executor.submitted == [] and not started.is_set()
    executor.opened.set()
    assert first.result(timeout=30) == 7 and started.wait(timeout=30)
    assert list(results) == [20, 30, 40, 50]
    assert executor.submitted[0] == (-7,)  # the first submit; then the calls after the second result
    assert [args[0] for args in executor.submitted[1:]] == [2, 3, 4, 5]


def test_a_first_submit_that_fails_reaches_the_caller_and_does_not_hold_the_build_back():
    broken = make_executor(2)
    broken.shutdown()  # a pool that takes no more work
    first, started = submit_first(broken, abs, -1)
    assert started.wait(timeout=30)
    with pytest.raises(RuntimeError):
        first.result(timeout=30)


def test_work_made_before_the_workers_start_runs_in_this_process_and_the_rest_in_the_workers():
    with make_executor(2) as pool:
        _, started = submit_first(pool, abs, -1)
        started.wait(timeout=60)
        pids = set(bounded_map(pool, _pid, range(8), started=started))
    assert pids and os.getpid() not in pids
    with make_executor(2) as pool:
        pids = list(bounded_map(pool, _pid, range(3), started=threading.Event()))  # never started: all here
    assert pids == [os.getpid()] * 3


def _pid(_) -> int:
    return os.getpid()


def test_a_first_submit_cancelled_by_its_executor_cancels_the_callers_future():
    """An executor shut down with its queue cancelled cancels the call: the caller's future says so, never hangs."""
    import time
    from concurrent.futures import CancelledError, ThreadPoolExecutor

    executor = ThreadPoolExecutor(1)
    executor.submit(time.sleep, 0.5)
    first, started = submit_first(executor, abs, -1)
    assert started.wait(timeout=30)
    executor.shutdown(wait=True, cancel_futures=True)
    with pytest.raises(CancelledError):
        first.result(timeout=30)
