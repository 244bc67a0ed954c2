"""Fixtures for the app's tests: a fresh position file per test, never the user's."""

from __future__ import annotations

import pytest

from tui.app import DnnTutorApp
from tui.state import PositionStore
from tui.widgets.curve_plot import CurvePlot


@pytest.fixture(autouse=True)
def work_in_tmp(tmp_path, monkeypatch):
    """Run every app test in a fresh folder: what the app writes to the current folder (the
    playground's `x` exports a script there; the monkey test presses it too) stays there."""
    monkeypatch.chdir(tmp_path)


@pytest.fixture
def store(tmp_path):
    return PositionStore(tmp_path / "state" / "position.json")


@pytest.fixture
def make_app(store):
    def make(**kwargs) -> DnnTutorApp:
        kwargs.setdefault("welcome", False)
        return DnnTutorApp(store=store, **kwargs)

    return make


@pytest.fixture
def sync_plots(monkeypatch):
    """Build plots on the UI thread the moment data arrives: a snapshot then shows exactly
    the state it was taken in (no throttle timer, no build still running in a thread)."""
    monkeypatch.setattr(CurvePlot, "build_in_thread", False)
    monkeypatch.setattr(CurvePlot, "MAX_FPS", float("inf"))
