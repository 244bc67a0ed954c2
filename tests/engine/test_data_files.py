"""The learner's own data: ``--data FILE.csv`` (engine.data.load_csv and dnn-tutor train).

tests/engine/data_files/ holds good files and bad ones; each bad file has its one line here,
exactly. The file over the row limit is written into tmp_path by the test.
"""

import io
import json
from pathlib import Path

import numpy as np
import pytest

from commands.args import OneLineArgumentParser
from commands.train import add_train_arguments, run_train
from engine.data import MAX_FILE_ROWS, DataFileError, load_csv
from tui.cli import main

FILES = Path(__file__).parent / "data_files"
KINDS = ("3 (x1,x2,label) for a classification or 2 (x,y) for a regression, separated by "
         "commas")

BAD = {
    "empty.csv": f"empty: no rows of data; expected {KINDS}",
    "blank_lines.csv": f"empty: no rows of data; expected {KINDS}",
    "header_only.csv": "no rows of data after the header (row 1)",
    "compressed.csv": "row 1: not a text file (a byte 0x1f); expected a CSV of x1,x2,label "
                      "or x,y rows",
    "missing_column.csv": "row 3: 2 values, expected 3 (x1,x2,label)",
    "extra_column.csv": "row 4: 4 values, expected 3 (x1,x2,label)",
    "extra_column_regression.csv": "row 3: 3 values, expected 2 (x,y)",
    "four_columns.csv": f"row 2: 4 values; expected {KINDS}",
    "one_column.csv": f"row 1: 1 value; expected {KINDS}",
    "semicolons.csv": f"row 2: 1 value; expected {KINDS}",
    "header_mismatch.csv": "row 2: 2 values, but the header in row 1 has 3 names",
    "non_numeric.csv": "row 3: x2 is 'abc', not a number",
    "empty_value.csv": "row 2: x1 is empty",
    "nan.csv": "row 4: x1 is 'NaN', not a finite number",
    "inf.csv": "row 2: y is 'inf', not a finite number",
    "too_large.csv": "row 2: x1 is '1e999', not a finite number",
    "label_2.csv": "row 3: label is '2'; a classification label is 0 or 1",
    "label_half.csv": "row 1: label is '0.5'; a classification label is 0 or 1",
    "label_text.csv": "row 2: label is 'yes', not a number",
    "one_class.csv": "every label is 1 (rows 2 to 5): a classification needs examples of both "
                     "classes, 0 and 1",
}

GOOD = {  # name -> (task, X shape)
    "circle.csv": ("classification", (2, 6)),        # a header, a blank line
    "no_header.csv": ("classification", (2, 4)),     # labels 0, 1, 1.0, 0.0
    "spreadsheet.csv": ("classification", (2, 3)),   # BOM, quotes, CRLF, spaces
    "curve.csv": ("regression", (1, 5)),
    "latin1_header.csv": ("regression", (1, 2)),     # a header that is not UTF-8
    "huge_x.csv": ("regression", (1, 12)),           # finite x of size 1e200: allowed
}


def test_every_file_in_the_folder_is_tested():
    assert {p.name for p in FILES.iterdir()} == set(BAD) | set(GOOD)


# -- bad files: one line each -------------------------------------------------------------------
@pytest.mark.parametrize("name", sorted(BAD))
def test_a_bad_file_gets_its_one_line(name):
    path = FILES / name
    with pytest.raises(DataFileError) as info:
        load_csv(path)
    assert str(info.value) == f"{path}: {BAD[name]}"


def train_fails(capsys, *argv) -> str:
    """``dnn-tutor train ARGV``: exit 2, nothing on stdout, one line on stderr, returned."""
    with pytest.raises(SystemExit) as info:
        main(["train", *argv])
    assert info.value.code == 2
    captured = capsys.readouterr()
    assert captured.out == "" and "Traceback" not in captured.err
    lines = captured.err.splitlines()
    assert len(lines) == 1, captured.err
    assert lines[0].startswith("dnn-tutor train: error: ")
    return lines[0].removeprefix("dnn-tutor train: error: ")


@pytest.mark.parametrize("name", sorted(BAD))
def test_train_on_a_bad_file_exits_2_with_that_line(capsys, name):
    path = FILES / name
    assert train_fails(capsys, "--data", str(path)) == f"{path}: {BAD[name]}"


def test_a_file_that_is_not_there_or_is_a_folder(capsys, tmp_path):
    missing = tmp_path / "missing.csv"
    assert train_fails(capsys, "--data", str(missing)) == \
        f"{missing}: cannot read it: No such file or directory"
    assert train_fails(capsys, "--data", str(tmp_path)).startswith(f"{tmp_path}: cannot read it")


def test_the_row_limit(tmp_path):
    path = tmp_path / "big.csv"
    rows = "0.5,1.5,0\n-1,2,1\n" * (MAX_FILE_ROWS // 2)
    path.write_text("x1,x2,label\n" + rows, encoding="utf-8")
    assert load_csv(path).X.shape == (2, MAX_FILE_ROWS)  # up to the limit: fine
    path.write_text("x1,x2,label\n" + rows + "3,4,1\n", encoding="utf-8")
    with pytest.raises(DataFileError) as info:
        load_csv(path)
    assert str(info.value) == (f"{path}: row {MAX_FILE_ROWS + 2}: more than 100,000 rows of "
                               "data, the most a file may have")


def test_binary_data_anywhere_is_not_text(tmp_path):
    path = tmp_path / "mixed.csv"
    path.write_bytes(b"1,2,0\n3,4,1\n5,\x006,1\n")
    with pytest.raises(DataFileError, match=r"row 3: not a text file \(a byte 0x00\)"):
        load_csv(path)


def test_a_long_value_is_shown_short_on_one_line(tmp_path):
    path = tmp_path / "long.csv"
    path.write_text("1,2,0\n" + "x" * 5000 + ",2,1\n", encoding="utf-8")
    with pytest.raises(DataFileError) as info:
        load_csv(path)
    assert str(info.value) == f"{path}: row 2: x1 is 'xxxxxxxxxxxxxxxxxxxxx...', not a number"


# -- good files ---------------------------------------------------------------------------------
@pytest.mark.parametrize("name", sorted(GOOD))
def test_a_good_file_loads_in_course_layout(name):
    task, shape = GOOD[name]
    ds = load_csv(FILES / name)
    assert ds.task == task and ds.name == name
    assert ds.X.shape == shape and ds.Y.shape == (1, shape[1])
    assert ds.X.dtype == ds.Y.dtype == np.float64
    assert ds.X.flags.c_contiguous and ds.Y.flags.c_contiguous
    if task == "classification":
        assert set(np.unique(ds.Y)) == {0.0, 1.0}


def test_the_values_are_the_files():
    ds = load_csv(FILES / "spreadsheet.csv")
    assert ds.X.tolist() == [[1.5, 3.0, 5.0], [2.0, -0.4, 6.25]]
    assert ds.Y.tolist() == [[1.0, 0.0, 1.0]]
    ds = load_csv(FILES / "curve.csv")
    assert ds.X.tolist() == [[-2.0, -1.0, 0.0, 1.0, 2.0]]
    assert ds.Y.tolist() == [[0.1, -0.8, 0.05, 0.9, -0.2]]


@pytest.mark.parametrize("name", ["circle.csv", "curve.csv"])
def test_standardize_gives_each_feature_mean_0_and_deviation_1(name):
    plain, ds = load_csv(FILES / name), load_csv(FILES / name, standardize=True)
    assert np.allclose(ds.X.mean(axis=1), 0) and np.allclose(ds.X.std(axis=1), 1)
    assert np.array_equal(ds.Y, plain.Y)  # the labels (or the y values) as they are


# -- dnn-tutor train --data ---------------------------------------------------------------------
def test_train_on_a_file_prints_its_costs(capsys):
    path = FILES / "circle.csv"
    assert main(["train", "--data", str(path), "--layers", "4", "--iterations", "300",
                 "--print-every", "100"]) == 0
    captured = capsys.readouterr()
    lines = captured.out.splitlines()
    assert captured.err == ""
    assert [line.split(":")[0] for line in lines[:3]] == [
        f"Cost after iteration {i}" for i in (0, 100, 200)]
    assert lines[3].startswith("Train accuracy: ") and len(lines) == 4


def test_the_output_follows_the_kind_of_file(capsys):
    for name, score in (("circle.csv", "train_accuracy"), ("curve.csv", "train_mse")):
        assert main(["train", "--data", str(FILES / name), "--iterations", "10",
                     "--json"]) == 0
        final = json.loads(capsys.readouterr().out.splitlines()[-1])
        assert final[score] is not None
    line = train_fails(capsys, "--data", str(FILES / "curve.csv"), "--output", "sigmoid")
    assert line == (f"--output sigmoid needs 0/1 labels; {FILES / 'curve.csv'} is a "
                    "regression file (x,y rows): use --output linear")


def test_standardize_is_what_the_network_sees():
    parser = add_train_arguments(OneLineArgumentParser(prog="dnn-tutor train"))
    outputs = []
    for extra in ([], ["--standardize"]):
        out = io.StringIO()
        run_train(parser.parse_args(["--data", str(FILES / "circle.csv"), "--iterations", "1",
                                     *extra]), out)
        outputs.append(out.getvalue())
    assert outputs[0] != outputs[1]


@pytest.mark.parametrize("option", [
    ["--dataset", "flower"], ["--samples", "50"], ["--noise", "0.1"], ["--seed", "3"],
    ["--test-samples", "100"], ["--test-seed", "4"]])
def test_options_of_a_built_in_dataset_are_refused_with_data(capsys, option):
    path = FILES / "circle.csv"
    line = train_fails(capsys, "--data", str(path), *option)
    assert line == (f"{option[0]} describes a built-in dataset and does not apply with "
                    f"--data: the data are the rows of {path}")


def test_no_test_set_is_fine_with_data_and_standardize_needs_data(capsys):
    assert main(["train", "--data", str(FILES / "circle.csv"), "--test-samples", "0",
                 "--iterations", "5"]) == 0
    capsys.readouterr()
    assert train_fails(capsys, "--standardize") == (
        "--standardize applies to --data FILE only: the built-in datasets are drawn at "
        "their own scale")
