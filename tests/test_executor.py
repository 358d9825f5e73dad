"""One executor, chosen in one place: never a fork, in-order results, a bounded number in flight."""

from __future__ import annotations

from concurrent.futures import Future

import pytest

from lectern.executor import InlineExecutor, bounded_map, make_executor


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
