"""`dnn-tutor claims`: every claim of the course measured on its step's run over many seeds
(lessons/demonstrations.py, commands/claims.py via tui/cli.py)."""

import dataclasses
import re

import pytest

from lessons import COURSE
from lessons import demonstrations
from lessons.demonstrations import DEMONSTRATIONS, Measurement, reseeded, seeds
from tui.cli import main

BY_CLAIM = {demo.claim: demo for demo in DEMONSTRATIONS}

# Claims whose step does not show them in all but one of 3 seeds yet (measured: see the
# issue-18 report); the content of their step is being changed. strict: when the step is
# fixed, the mark must go.
NOT_YET: dict[str, str] = {}  # a claim that does not hold yet: its reason (a strict xfail)


def test_every_claim_of_the_course_has_one_demonstration_on_a_step_that_shows_it():
    assert sorted(BY_CLAIM, key=lambda c: int(c[1:])) == list(COURSE.claims)
    assert len(BY_CLAIM) == len(DEMONSTRATIONS)
    for demo in DEMONSTRATIONS:
        assert demo.claim in demo.find_step(COURSE).claims


def test_a_demonstration_naming_a_step_that_does_not_show_its_claim_is_refused():
    wrong = dataclasses.replace(BY_CLAIM["C1"], claim="C18")
    with pytest.raises(KeyError, match="not C18"):
        wrong.find_step(COURSE)


def test_the_run_is_the_steps_own_with_only_its_seeds_replaced():
    step = COURSE.get("boundaries").step("01-comparison")
    spec = reseeded(step.spec, 7, 8)
    assert spec.data.seed == 7 and spec.data.test_m == step.spec.data.test_m
    assert {dict(v.changes)["init_seed"] for v in spec.variants} == {8}
    unchanged = dataclasses.replace(spec, data=step.spec.data, run=step.spec.run,
                                    variants=step.spec.variants)
    assert unchanged == step.spec
    # a checkpoint's prediction: the run it asks about
    check = COURSE.get("initialization").step("08-check-zeros")
    assert reseeded(check.spec, 3, 4).run.init_seed == 4


@pytest.mark.parametrize("claim", list(BY_CLAIM))
def test_every_claim_holds_in_all_but_one_of_3_seeds(claim, request):
    if claim in NOT_YET:
        request.applymarker(pytest.mark.xfail(reason=NOT_YET[claim], strict=True))
    demo = BY_CLAIM[claim]
    results = [demo.run(COURSE, data_seed, init_seed) for data_seed, init_seed in seeds(3)]
    assert all(isinstance(r, Measurement) for r in results)
    held = sum(r.holds for r in results)
    assert held >= 2, f"{claim} holds in {held} of 3: {[r.value for r in results]}"


def test_the_table_names_each_claims_step_its_count_and_spread(capsys, monkeypatch):
    # Two quick demonstrations (identities), one made to fail at seed 2.
    def fails_at_2(step, data_seed, init_seed):
        return Measurement(float(data_seed), data_seed != 2)

    quick = (BY_CLAIM["C7"], dataclasses.replace(BY_CLAIM["C16"], measure=fails_at_2))
    monkeypatch.setattr(demonstrations, "DEMONSTRATIONS", quick)
    assert main(["claims", "--seeds", "3"]) == 0
    out, err = capsys.readouterr()
    lines = out.splitlines()
    assert lines[0] == "C7   why-nonlinear/02-fold: " + COURSE.get("why-nonlinear").step(
        "02-fold").title
    assert lines[1] == "     measures: " + BY_CLAIM["C7"].measures
    assert re.fullmatch(r"     holds in 3 of 3; max \|error\|: \S+", lines[2])
    assert lines[5] == "     holds in 2 of 3; wrong shapes: 1..3; fails at seed 2"
    assert lines[-1] == "1 of 2 claims hold in at least 90% of 3 seeds"
    assert "C7: 3 seeds" in err and "C16: 3 seeds" in err and "done in" in err


@pytest.mark.parametrize("given, says", [
    ("0", "--seeds must be an integer from 1 to 100, got 0"),
    ("101", "--seeds must be an integer from 1 to 100, got 101"),
    ("ten", "--seeds expects an integer from 1 to 100, got 'ten'"),
])
def test_a_bad_number_of_seeds_exits_2_with_one_line(capsys, given, says):
    with pytest.raises(SystemExit) as info:
        main(["claims", "--seeds", given])
    assert info.value.code == 2
    out, err = capsys.readouterr()
    assert out == "" and err == f"dnn-tutor claims: error: {says}\n"
