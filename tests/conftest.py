"""Every test starts in English: the language is a module-level setting (lessons.i18n) that an
app or a command line made in Korean would otherwise leave behind.

Every test process computes with one BLAS thread, as the app and the commands do
(commands.process.one_blas_thread): a test that ran the command line used to switch its
worker to one thread for the tests after it, so a snapshot's last digits (a map cell near 0.5)
depended on which tests an xdist worker had run before it."""

from __future__ import annotations

import pytest

from commands.process import one_blas_thread
from lessons.i18n import set_language


def pytest_configure(config):
    one_blas_thread()


@pytest.fixture(autouse=True)
def english_by_default():
    set_language("en")
    yield
    set_language("en")
