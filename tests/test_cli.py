"""``sharedrep run-chapter``: parameters parsed and checked; a real run writes the notebook."""
import numpy as np
import pytest

from sharedrep import chapters, cli, params, reproduce, results


@pytest.mark.parametrize("text, value", [("5", 5), ("0.5", 0.5), ("True", True), ("[1, 2]", [1, 2]),
                                         ("inconsistent", "inconsistent"), ("'3'", "3")])
def test_parse_value(text, value):
    assert cli.parse_value(text) == value


@pytest.mark.parametrize("argv, message", [
    (["run-chapter", "data", "-p", "PAIRING", "random"], "must be one of ['consistent', 'inconsistent']"),
    (["run-chapter", "data", "-p", "EPOCHS", "5"], "unknown parameter(s) ['EPOCHS']"),
    (["run-chapter", "data", "-p", "SEED", "-1"], "SEED must be an integer >= 0; got -1"),
    (["run-chapter", "nope"], "chapter must be one of"),
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
    assert chapters.glued_values(written[0])["train_rows"] == 15_000


def test_reproduce_dry_run_plans_every_chapter_and_estimates_from_stored_runs(capsys, tmp_path):
    import json

    from sharedrep.locations import checkout

    assert set(reproduce.ORDER) == set(chapters.CHAPTERS)
    # one stored run measured at 2 s per network-epoch: the estimate must use that speed
    folder = tmp_path / "paper1"
    folder.mkdir()
    (folder / "x.json").write_text(json.dumps({"parameters": {"framework": "mixed", "depth": 4, "seeds": [0, 1],
                                                              "epochs": 100}, "wall_time_s": 400.0}))
    lines = []
    reproduce.reproduce("paper", ["paper1_shared"], dry_run=True, directory=tmp_path, echo=lines.append)
    assert lines[0] == ("paper1_shared: -p N_SEEDS 10 -p EPOCHS 5000 -p SNAPSHOTS [0, 10, 100, 1000, 5000] "
                        "-p CLASSIFIER_EPOCHS 1000")
    # the chapter's conditions (mixed consistent / inconsistent at each default depth, two-stage)
    # x 10 networks x 5,000 epochs, at 2 s per network-epoch
    conditions = 2 * len(chapters.default_parameters("paper1_shared")["DEPTHS"]) + 1
    assert lines[1] == f"  mixed-1-consistent: 50,000 network-epochs to train, about {50_000 * 2 / 3600:.1f} h here"
    epochs = conditions * 10 * 5000
    assert lines[-1] == (f"paper-1 runs: {conditions} conditions, each trained once for every page; {conditions} to "
                         f"train: {epochs:,} network-epochs, about {epochs * 2 / 3600:.1f} h on this machine "
                         "(stored conditions are skipped)")
    assert not (tmp_path / "chapters").exists()                      # nothing ran
    # the paper protocol of all paper-1 chapters: each condition once, with the classifiers and
    # snapshots of every page (issue: the same networks were planned twice, 900,000 network-epochs)
    work = reproduce.estimate(reproduce.plan("paper"), tmp_path)
    assert sum(epochs for _, epochs, _ in work) == 9 * 10 * 5000 <= 455_000
    assert {unit.classifier_epochs for unit, _, _ in work} == {1000}
    assert all(unit.snapshot_epochs == (0, 10, 100, 1000, 5000) for unit, _, _ in work)
    book = []
    reproduce.reproduce("book", ["data", "paper2_results"], dry_run=True, directory=tmp_path, echo=book.append)
    # an empty results folder: the results page's folds (its own, the other settings', the
    # two-channel system's, the speaker curve's on 1-4 voices and the speaker-mixed one) are
    # planned, from the chapter's own list
    assert book[:2] == ["data: (its defaults)", "paper2_results: (its defaults)"]
    assert book[2] == "  fold george (paper2_fold): to compute, about ? min (none stored to measure)"
    # ... and the validation folds that choose the settings (12, one of which is a curve fold too),
    # the other two readings of Eq. 1 on every fold (12) and Eq. 1 as printed (6)
    assert book[-1] == f"other results: {3 * 6 + 4 * 6 + 1 + 6 + 12 - 1 + 12 + 6} to compute (stored ones are skipped)"
    assert sum("trained on" in line for line in book) == 4 * 6 + 12 - 1
    assert sum("fold takes 0-4" in line for line in book) == 1
    assert sum("audio normalised per speaker" in line for line in book) == 6
    assert sum("(image + audio)" in line for line in book) == 6
    # the committed results hold every one of them
    stored = []
    reproduce.reproduce("book", ["paper2_training", "paper2_results", "paper2_scaling"], dry_run=True,
                        directory=checkout() / "results", echo=stored.append)
    assert stored == ["paper2_training: (its defaults)", "paper2_results: (its defaults)",
                      "paper2_scaling: (its defaults)"]


@pytest.mark.parametrize("argv, message", [
    (["reproduce", "--protocol", "gpu", "--dry-run"], "; got 'gpu'"),
    (["reproduce", "--chapters", "paper3", "--dry-run"], "chapter must be one of"),
])
def test_reproduce_rejects_bad_input(argv, message, capsys):
    assert cli.main(argv) == 2
    assert message in capsys.readouterr().err


@pytest.mark.slow
@pytest.mark.notebook
def test_run_chapter_result_is_picked_up_by_the_next_run(tmp_path, monkeypatch):
    """Round trip: the CLI computes and stores a chapter's heavy result; the next execution
    of the chapter with the same parameters (a build, or another rerun) loads it."""
    monkeypatch.setenv("SHAREDREP_RESULTS", str(tmp_path))
    small = {"CHANNEL_COUNTS": [2, 3, 4], "HIDDEN": 20, "SWEEPS": 1, "EPOCHS": 1}
    argv = ["run-chapter", "paper2_scaling"] + [a for k, v in small.items() for a in ("-p", k, repr(v))]
    assert cli.main(argv + ["-o", str(tmp_path / "first.ipynb")]) == 0
    assert chapters.glued_values(tmp_path / "first.ipynb")["source"] == "computed in this build"
    assert len(list((tmp_path / "paper2_scaling").glob("*.npz"))) == 1
    again = chapters.run_chapter("paper2_scaling", tmp_path / "second.ipynb", small)
    values = chapters.glued_values(again)
    assert values["source"] == "loaded" and values["counts"] == "2 to 4 channels"


def test_the_committed_results_cover_the_book_protocol(monkeypatch):
    # the book's defaults must load stored paper-1 runs: a missing one would make `make book`
    # (and the browser tests, which build the book) train for an hour instead of loading
    from sharedrep import reproduce
    from sharedrep.locations import checkout

    monkeypatch.delenv("SHAREDREP_RESULTS", raising=False)
    work = reproduce.estimate(reproduce.plan("book"), checkout() / "results")
    assert len(work) == 11              # every condition of the paper, once, and the two long runs
    assert [(unit.label, epochs) for unit, epochs, _ in work if epochs] == []


def test_run_chapter_on_an_unreachable_scheduler_fails_fast(capsys, tmp_path, monkeypatch):
    monkeypatch.setenv("SHAREDREP_RESULTS", str(tmp_path))
    argv = ["run-chapter", "paper2_scaling", "-p", "CHANNEL_COUNTS", "[2, 3]", "-p", "HIDDEN", "20",
            "--scheduler", "tcp://127.0.0.1:9", "-o", str(tmp_path / "out.ipynb")]
    assert cli.main(argv) == 2
    assert "127.0.0.1:9" in capsys.readouterr().err and not (tmp_path / "out.ipynb").exists()


@pytest.mark.slow
@pytest.mark.notebook
def test_run_chapter_computes_its_results_on_the_engine_first(tmp_path, monkeypatch, capsys):
    """With --workers the chapter's results are computed on a local Dask cluster before the
    chapter runs, so the executed chapter loads them instead of computing them itself."""
    monkeypatch.setenv("SHAREDREP_RESULTS", str(tmp_path))
    small = {"CHANNEL_COUNTS": [2, 3, 4], "HIDDEN": 20, "SWEEPS": 1, "EPOCHS": 1}
    argv = ["run-chapter", "paper2_scaling"] + [a for k, v in small.items() for a in ("-p", k, repr(v))]
    assert cli.main(argv + ["--workers", "1", "-o", str(tmp_path / "out.ipynb")]) == 0
    assert "1 result(s) to compute first" in capsys.readouterr().out
    assert chapters.glued_values(tmp_path / "out.ipynb")["source"] == "loaded"
    assert len(list((tmp_path / "paper2_scaling").glob("*.npz"))) == 1


def test_workshop_costs_come_from_the_stored_runs():
    """Issue 19 §4: every training exercise states its cost, estimated from the stored runs,
    and has a quick variant that trains in under 5 minutes on the build machine."""
    from sharedrep.pages import workshop
    from sharedrep.reproduce import training_minutes

    assert training_minutes("paper1_celltypes", {}) == 0          # the defaults are stored
    costs = workshop.compute()
    for name in workshop.EXERCISES:
        assert 0 < costs[f"quick_{name}"] < 5 < costs[f"cost_{name}"]
    for name, (chapter, _, quick) in workshop.PAPER2_EXERCISES.items():
        assert 0 < costs[f"quick_{name}"] < 5 and costs[f"quick_{name}"] < costs[f"cost_{name}"]
        # paper 2's quick variants are stored with the book: their cost is a measurement
        assert reproduce.units([(chapter, quick)]) == [], f"{name}: quick variant not stored"
    with pytest.raises(ValueError, match="N_SEEDS"):
        training_minutes("paper1_celltypes", {"N_SEEDS": 0})


def test_an_exercise_costs_what_its_stored_results_took_and_an_estimate_from_the_closest_otherwise(tmp_path):
    """The workshop's paper-2 costs: a stored fold counts its measured wall time (stored or not
    is irrelevant to what the exercise costs); a fold not stored counts the wall time of the
    stored folds whose parameters differ least (here: the default fold, not the tiny one)."""
    from sharedrep.experiments import dbn_folds

    def folds(change):
        cfg = params.freeze("paper2_training", **{**chapters.default_parameters("paper2_training"), **change})
        return dbn_folds.chapter_folds("paper2_training", cfg)["folds"]

    (default,), (tiny,) = folds({}), folds({"WIDTH_SCALE": 0.25, "EPOCHS": 5})
    results.save(default.kind, default.parameters, {"x": np.zeros(1)}, 240.0, directory=tmp_path)
    results.save(tiny.kind, tiny.parameters, {"x": np.zeros(1)}, 30.0, directory=tmp_path)
    assert reproduce.computing_minutes("paper2_training", {}, tmp_path) == 4.0
    assert reproduce.computing_minutes("paper2_training", {"WIDTH_SCALE": 0.25, "EPOCHS": 5}, tmp_path) == 0.5
    assert reproduce.computing_minutes("paper2_training", {"MAX_SWEEPS": 0}, tmp_path) == 4.0   # closest: default
    assert reproduce.computing_minutes("paper2_training", {"MAX_SWEEPS": 0, "EPOCHS": 5, "WIDTH_SCALE": 0.25},
                                       tmp_path) == 0.5                                       # closest: the tiny one
    assert np.isnan(reproduce.computing_minutes("paper2_training", {}, tmp_path / "empty"))


def test_the_model_chapters_demonstration_is_in_the_plan_and_its_cost_is_measured(tmp_path):
    """Issue 19: the status page said 'none: computed in the build' for the model chapter,
    whose stored demonstration took minutes: it is a unit of the plan like every result."""
    from sharedrep.experiments import demonstration

    cfg = params.freeze("paper1_model", **chapters.default_parameters("paper1_model"))
    unit = demonstration.chapter_unit(cfg)
    assert [u.key for u in reproduce.units([("paper1_model", {})], tmp_path)] == [unit.key]   # not stored here
    results.save(unit.kind, unit.parameters, {"x": np.zeros(1)}, 150.0, directory=tmp_path)
    assert reproduce.units([("paper1_model", {})], tmp_path) == []
    assert reproduce.computing_minutes("paper1_model", {}, tmp_path) == 2.5


def test_reproduce_plans_groups_of_networks_as_shorter_units(capsys, monkeypatch):
    """--networks-per-unit splits each condition still to train (here: the paper's protocol,
    none of it stored) into more, shorter units: a shorter longest unit on a large cluster (the
    dry run's projection, from the committed runs' speed)."""
    monkeypatch.delenv("SHAREDREP_RESULTS", raising=False)
    base = ["reproduce", "--protocol", "paper", "--chapters", "paper1_shared", "--dry-run", "--workers", "90"]

    def projection(argv):
        assert cli.main(argv) == 0
        line = [s for s in capsys.readouterr().out.splitlines() if s.startswith("on 90 workers")]
        assert len(line) == 1, line
        return float(line[0].split("the longest unit: ")[1].split(" h")[0])

    whole, split = projection(base), projection(base + ["--networks-per-unit", "1"])
    assert split == pytest.approx(whole / 10, rel=0.05)       # 10 networks per condition, one per unit
    assert cli.main(base + ["--networks-per-unit", "0"]) == 2
    assert "networks_per_unit" in capsys.readouterr().err


def test_the_workshop_session_table_lists_every_exercise_with_both_costs():
    from sharedrep.pages import workshop

    numbers = {f"{which}_{name}": 1.25 * (i + 1) for i, name in enumerate(workshop.TITLES)
               for which in ("cost", "quick")}
    numbers["cost_model"] = 2.0                                          # one network: its own quick variant
    table = workshop.session_table(numbers).splitlines()
    assert len(table) == 2 + 1 + len(workshop.TITLES) + 1
    assert table[2].startswith("| The model and its training (`paper1_model`) | 2.0 | 2.0 |")
    assert table[4].startswith("| How shared cells develop (`paper1_development`) | 2.5 | 2.5 | `EPOCHS = 1000`, "
                               "`LONG_EPOCHS = 0` |")
    assert "`LONG_EPOCHS = 0`" not in table[4].split("|")[5]              # only what the quick variant adds
    total = 2.0 + sum(1.25 * (i + 1) for i in range(7))
    assert table[-1].startswith(f"| **every quick variant** |  | **{total:,.0f}** |")
    assert set(workshop.TITLES) == set(workshop.EXERCISES) | set(workshop.PAPER2_EXERCISES)


@pytest.mark.slow
@pytest.mark.notebook
def test_run_chapter_trains_one_network_per_unit_on_a_local_cluster(tmp_path, monkeypatch, capsys):
    """Issue 20 end to end, as a user runs it: `run-chapter ... --workers 2 --networks-per-unit 1`
    trains every network of a tiny paper-1 chapter as its own unit on a LocalCluster, stores each
    condition once all its networks are stored, and the chapter then loads (never trains) them."""
    from sharedrep.experiments import runner

    monkeypatch.setenv("SHAREDREP_RESULTS", str(tmp_path))
    tiny = {"N_SEEDS": 2, "EPOCHS": 2, "IMAGES_PER_DIGIT": 10, "DEPTHS": [1], "TWO_STAGE": False,
            "SNAPSHOTS": [0], "CLASSIFIER_EPOCHS": 3}
    argv = ["run-chapter", "paper1_shared"] + [a for k, v in tiny.items() for a in ("-p", k, repr(v))]
    assert cli.main(argv + ["--workers", "2", "--networks-per-unit", "1", "-o", str(tmp_path / "out.ipynb")]) == 0
    out = capsys.readouterr().out
    assert "4 result(s) to compute first" in out                      # 2 conditions x 2 networks
    cfg = params.freeze("paper1_shared", **{**chapters.default_parameters("paper1_shared"), **tiny})
    conditions = runner.chapter_runs("paper1_shared", cfg)["runs"]
    assert len(conditions) == 2
    for condition in conditions:                                       # each stored whole, from its groups
        stored = results.find("paper1", condition.training_parameters(), tmp_path)
        assert stored is not None
    shown = (tmp_path / "out.ipynb").read_text()                      # the run table of the page
    assert "| stored 20" in shown and "computed now" not in shown
    assert cli.main(argv + ["--workers", "2", "--networks-per-unit", "1", "-o", str(tmp_path / "again.ipynb")]) == 0
    assert "0 result(s) to compute first" in capsys.readouterr().out   # a rerun trains nothing


def test_an_exercise_costs_only_what_its_change_adds_to_the_shipped_results(tmp_path, monkeypatch):
    """A workshop exercise does not pay for the results its chapter also loads at its defaults
    (the book ships them); the chapter at its defaults (the status page) pays for all."""
    from sharedrep import sweep

    made = {name: sweep.Unit("paper2_fold", name, {"name": name}, None) for name in "abc"}
    for seconds, unit in zip((60.0, 120.0, 30.0), made.values()):
        results.save(unit.kind, unit.parameters, {"x": np.zeros(1)}, seconds, directory=tmp_path)
    plans = {(): ["a", "b"], ("EPOCHS",): ["b", "c"]}
    monkeypatch.setattr(reproduce, "units", lambda steps, directory=None, include_stored=False, **_: [
        made[name] for name in plans[tuple(steps[0][1])]])
    assert reproduce.computing_minutes("paper2_training", {}, tmp_path) == 3.0
    assert reproduce.computing_minutes("paper2_training", {"EPOCHS": 5}, tmp_path) == 0.5
