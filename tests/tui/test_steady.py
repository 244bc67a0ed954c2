"""The twin that tells a steady run from one sensitive to rounding (tests/tui/steady.py)
parts where other machines do, measured on the course's flower run."""

from lessons.experiments import DataSpec, RunSpec, TrainingSpec
from steady import NUMBER, masked, parting, steady_through

# The course's nn_model on the flower: 4 tanh units, α 1.2, 10000 iterations. The 7 other CPU
# configurations of tests/engine/test_course.py parted from this machine's run (1e-9) at
# 7761 to 7780; the twin parts at 7764.
COURSE = TrainingSpec(DataSpec("flower"), RunSpec(hidden=(4,)), iterations=10000)


def test_the_twin_parts_where_other_machines_do():
    assert steady_through(COURSE, 7000)
    assert 7700 <= parting(COURSE, 8000) <= 7800


def test_a_masked_number_has_one_width_whatever_its_digits():
    for text in ("99.5%", "100.0%", "-0.25", "+0.004", "1e-07", "12,800", "3"):
        assert NUMBER.fullmatch(text.rstrip("%")), text
        assert masked(text) == "…" + "%" * text.endswith("%")
    assert masked("92.5% (test 94.0%)") == "…% (test …%)"
    assert masked("leaky ReLU, ReLU") == "leaky ReLU, ReLU"
    assert "#" not in masked("3")  # at the start of a line, "#" would make a heading
