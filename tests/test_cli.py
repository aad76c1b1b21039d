"""``sharedrep run-chapter``: parameters parsed and checked; a real run writes the notebook."""
import pytest

from sharedrep import chapters, cli


@pytest.mark.parametrize("text, value", [("5", 5), ("0.5", 0.5), ("True", True), ("[1, 2]", [1, 2]),
                                         ("inconsistent", "inconsistent"), ("'3'", "3")])
def test_parse_value(text, value):
    assert cli.parse_value(text) == value


@pytest.mark.parametrize("argv, message", [
    (["run-chapter", "data", "-p", "PAIRING", "random"], "allowed: ['consistent', 'inconsistent']"),
    (["run-chapter", "data", "-p", "EPOCHS", "5"], "unknown parameter(s) ['EPOCHS']"),
    (["run-chapter", "data", "-p", "SEED", "-1"], "SEED=-1 is out of range"),
    (["run-chapter", "nope"], "unknown chapter 'nope'"),
])
def test_bad_parameters_exit_2_with_a_message(argv, message, capsys, tmp_path):
    assert cli.main(argv + ["-o", str(tmp_path / "out.ipynb")]) == 2
    assert message in capsys.readouterr().err
    assert not (tmp_path / "out.ipynb").exists()


@pytest.mark.slow
@pytest.mark.notebook
def test_run_chapter_writes_an_executed_notebook(tmp_path, monkeypatch):
    monkeypatch.setenv("SHAREDREP_RESULTS", str(tmp_path))
    assert cli.main(["run-chapter", "data", "-p", "PER_DIGIT", "1", "-p", "SEED", "4"]) == 0
    written = list((tmp_path / "chapters").glob("data-*.ipynb"))
    assert len(written) == 1
    assert chapters.glued_values(written[0])["train_rows"] == "15,000"
