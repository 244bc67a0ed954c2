"""``stop_when``: a run asked to stop halts between two steps, on its own thread only; the
app's text worker uses it so that quitting does not wait for whole runs."""

from __future__ import annotations

import threading

import numpy as np
import pytest

from engine.network import Network
from engine.training import Stopped, Trainer, stop_when


def trainer() -> Trainer:
    rng = np.random.RandomState(0)
    X = rng.randn(2, 40)
    Y = (X[0:1] * X[1:2] > 0).astype(float)
    return Trainer(Network([2, 4, 1]), X, Y, 0.5)


@pytest.mark.parametrize("after", [0, 1, 7])
def test_a_run_stops_between_two_steps_when_asked(after):
    t = trainer()
    asked = []

    def check() -> bool:
        asked.append(t.iteration)
        return len(asked) > after

    with pytest.raises(Stopped), stop_when(check):
        t.run(1000)
    assert t.iteration == after  # the steps before the answer ran whole, no more
    assert len(t.costs) == after and t.network.params["W1"].shape == (4, 2)
    t.run(3)  # outside the block nothing asks: the run goes on from where it stopped
    assert t.iteration == after + 3 and len(asked) == after + 1


def test_stopped_is_not_swallowed_by_except_exception():
    t = trainer()
    with pytest.raises(Stopped), stop_when(lambda: True):
        try:
            t.run(5)
        except Exception:  # what a lesson's own error handling would write
            pytest.fail("Stopped was caught as an ordinary error")


def test_the_check_is_the_running_threads_own_and_nests():
    other_ran = []

    def other_thread() -> None:
        t = trainer()
        t.run(20)  # the main thread's check does not apply here
        other_ran.append(t.iteration)

    with stop_when(lambda: True):
        thread = threading.Thread(target=other_thread)
        thread.start()
        thread.join()
        with stop_when(lambda: False):  # an inner block's check, then the outer one again
            assert trainer().run(4) == 4
        with pytest.raises(Stopped):
            trainer().run(1)
    assert other_ran == [20]
    assert trainer().run(2) == 2
