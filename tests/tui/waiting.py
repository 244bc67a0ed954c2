"""Waiting in Pilot tests for what the app does, never for wall-clock time alone."""

from __future__ import annotations

from textual.worker import WorkerCancelled


async def wait_until(pilot, condition, tries: int = 500) -> None:
    """Let the app run until ``condition()`` holds (bounded: fails rather than hangs)."""
    for _ in range(tries):
        if condition():
            return
        await pilot.pause(0.01)
    raise AssertionError("condition never became true")


async def drained(app) -> None:
    """Wait for the app's workers; one just cancelled (its run reset) counts as done."""
    try:
        await app.workers.wait_for_complete()
    except WorkerCancelled:
        await drained(app)


def pressing(keys):
    """A snapshot's ``run_before``: the app settled, then each key pressed and its work
    waited for, then settled again (nothing left running when the picture is taken)."""

    async def run_before(pilot) -> None:
        for _ in range(3):
            await drained(pilot.app)
            await pilot.pause()
        for key in keys:
            await pilot.press(key)
            await drained(pilot.app)
        for _ in range(3):
            await drained(pilot.app)
            await pilot.pause()

    return run_before
