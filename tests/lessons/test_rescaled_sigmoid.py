"""tanh(z) = 2σ(2z) - 1 on the activation explorer: drawn dashed from the engine's sigmoid
over tanh when tanh is shown alone, its largest gap printed under the plot and quoted by the
text (activations, "Five shapes")."""

from __future__ import annotations

import numpy as np
import pytest

from lessons import get_lesson
from lessons.knobs import with_values
from lessons.views import ActivationFormulas, ActivationPlot

LESSON = get_lesson("activations")
SHAPES = LESSON.step("02-shapes")


@pytest.mark.parametrize("shown", ["all", "sigmoid", "tanh", "relu"])
@pytest.mark.parametrize("slopes", [False, True])
def test_the_dashes_are_drawn_over_tanh_only_when_tanh_is_alone(shown, slopes):
    spec = with_values(SHAPES.spec, {"shown": shown, "show_derivative": slopes})
    plot = ActivationPlot().measure(spec)
    lines = {line.label: line for line in plot.lines}
    dashed = lines.get("2σ(2z) - 1")
    assert (dashed is not None) == (shown == "tanh")
    if dashed is not None:
        # drawn after tanh, on its points: the dashes over it, tanh seen in the gaps
        assert plot.lines.index(dashed) > plot.lines.index(lines["tanh"])
        np.testing.assert_array_equal(dashed.xs, lines["tanh"].xs)
        drawn = ~np.isnan(dashed.ys)
        assert 0.4 < drawn.mean() < 0.6 and not drawn.all()
        np.testing.assert_allclose(dashed.ys[drawn], np.tanh(dashed.xs[drawn]), rtol=0,
                                   atol=1e-12)
        # not the sigmoid itself: σ(z) stays in (0, 1), the dashes reach -1
        assert np.nanmin(dashed.ys) < -0.99
        low, high = plot.ylim
        assert low < -1 and high > 1  # the gaps (NaN) leave the y range to the curves


def test_the_gap_is_on_screen_and_in_the_text_and_is_rounding_only():
    spec = with_values(SHAPES.spec, {"shown": "tanh"})
    gap = spec.tanh_gap()
    assert 0 <= gap < 1e-12
    shown = f"{gap:.1e}"
    notes = ActivationFormulas().measure(spec).lines
    assert any("2σ(2z) - 1" in line and line.endswith(shown) for line in notes)
    index = LESSON.steps.index(SHAPES)
    def words(text: str) -> str:  # a text's line breaks are layout, not wording
        return " ".join(text.split())

    assert f"largest gap is {shown}" in words(LESSON.text(index))
    assert f"가장 큰 차이는 {shown}" in words(LESSON.text(index, lang="ko"))


def test_a_wrong_rescaling_would_show_a_large_gap(monkeypatch):
    # The gap is measured, not assumed: σ(z) stretched without the squeeze by 2 misses tanh.
    from engine.activations import get_activation
    from lessons import explorers

    monkeypatch.setattr(explorers, "rescaled_sigmoid",
                        lambda z: 2 * get_activation("sigmoid")(z) - 1)
    assert with_values(SHAPES.spec, {"shown": "tanh"}).tanh_gap() > 0.1
