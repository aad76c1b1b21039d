"""Paper 2's stored experiments: folds on real data, the report against the paper, scaling, figures."""
import re
from types import SimpleNamespace

import numpy as np
import pytest

from sharedrep import published
from sharedrep.dbn import DBNConfig
from sharedrep.experiments import dbn_folds, dbn_report, dbn_scaling
from sharedrep.viz import dbn_result_figures as figures

TINY = DBNConfig(layers=dbn_folds.scaled_layers(0.05), epochs=2, associative_hidden=40, max_sweeps=3)
NAMES = list(dbn_folds.CHANNELS)


@pytest.fixture(scope="module")
def tiny_folds(tmp_path_factory):
    """Two small folds trained on the real data (held out: theo, jackson)."""
    folder = tmp_path_factory.mktemp("paper2-folds")
    return dbn_folds.run_folds(["theo", "jackson"], TINY, directory=folder), folder


@pytest.mark.slow
def test_fold_arrays_on_real_data(tiny_folds):
    folds, folder = tiny_folds
    a = folds["theo"].arrays
    assert not folds["theo"].loaded
    for stage in ("before", "after"):
        error = a[f"error_{stage}"]
        assert error.shape == (4, 4) and np.all(np.isnan(np.diag(error)))
        off = error[~np.eye(4, dtype=bool)]
        assert np.all((off >= 0) & (off <= 100))
        assert a[f"recon_image_{stage}"].shape == (4, 10, 784)
        assert a[f"recon_motor_{stage}"].shape == (4, 10, 14)
        assert np.isnan(a[f"motor_distance_{stage}"][NAMES.index("motor")])
    assert a["backfit_errors"].shape == (TINY.max_sweeps + 1, 4)
    assert a["backfit_errors"][-1].sum() < a["backfit_errors"][0].sum()   # back-fitting did its job
    assert list(a["rbm_labels"]) == ["image 784-35", "image 35-15", "audio 640-35", "audio 35-20", "motor 14-5",
                                     "associative 50-40"]
    # the example rows are one test row per digit, and the true images are those rows' images
    assert a["example_rows"].shape == (10,) and a["true_image"].shape == (10, 784)
    assert 0.9 < a["classifier_accuracy"][0] <= 1 and 0.2 < a["classifier_accuracy"][1] <= 1
    again = dbn_folds.run_fold("theo", TINY, directory=folder)
    assert again.loaded and np.array_equal(again.arrays["error_after"], a["error_after"], equal_nan=True)


def test_fold_bad_input(tmp_path):
    with pytest.raises(ValueError, match="held_out"):
        dbn_folds.run_fold("alice", TINY, directory=tmp_path)
    with pytest.raises(ValueError, match="motor_noise"):
        dbn_folds.run_fold("theo", TINY, motor_noise=-1, directory=tmp_path)
    with pytest.raises(ValueError, match="gibbs_steps"):
        dbn_folds.run_fold("theo", TINY, gibbs_steps=-2, directory=tmp_path)
    with pytest.raises(ValueError, match="DBNConfig"):
        dbn_folds.run_fold("theo", {"epochs": 2}, directory=tmp_path)
    with pytest.raises(ValueError, match="at least one"):
        dbn_folds.run_folds([], TINY, directory=tmp_path)
    with pytest.raises(ValueError, match="repeat"):
        dbn_folds.run_folds(["theo", "theo"], TINY, directory=tmp_path)
    with pytest.raises(ValueError, match="scale"):
        dbn_folds.scaled_layers(0)


def test_chapter_config_defaults_find_the_stored_folds():
    cfg = SimpleNamespace(SEED=0, EPOCHS=20, ASSOCIATIVE_HIDDEN=1000, MAX_SWEEPS=30, BACKFIT_RULE="delta",
                          BACKFIT_LEARNING_RATE=10.0, WIDTH_SCALE=1.0, MOTOR_NOISE=0.3, GIBBS_STEPS=0, SETTINGS="tuned")
    config, noise, gibbs = dbn_folds.chapter_config(cfg)
    assert dbn_folds.fold_parameters("theo", config, noise, gibbs) == dbn_folds.fold_parameters("theo", DBNConfig(),
                                                                                               0.3, 0)
    small = dbn_folds.chapter_config(SimpleNamespace(**{**vars(cfg), "WIDTH_SCALE": 0.25}))[0]
    assert small.layers == {"image": (175, 75), "audio": (175, 100), "motor": (25,), "class": ()}


@pytest.mark.slow
def test_report_tables_match_the_fold_arrays(tiny_folds):
    folds, _ = tiny_folds
    table = dbn_report.comparison_table(folds, 1)
    # our overall class-from-image error is the mean of the two folds' stored errors
    mine = np.mean([f.arrays["error_after"][NAMES.index("class"), NAMES.index("image")] for f in folds.values()])
    image_row = next(line for line in table.splitlines() if line.startswith("| image | **this book**"))
    assert image_row.startswith(f"| image | **this book** | {mine:.1f} |")       # overall first (phones)
    assert "|  | paper | 4.1 | 3 | 6 | 4 | 8 | 4 | 2 | 4 | 0 | 8 | 2 |" in table
    motor = dbn_report.comparison_table(folds, 4)
    distance = np.mean([f.arrays["motor_distance_after"][NAMES.index("class")] for f in folds.values()])
    assert next(line for line in motor.splitlines() if line.startswith("| class")).startswith(
        f"| class | **this book** | {distance * 2.8:.2f} |")
    assert len(re.findall(r"\d \(\d", dbn_report.error_matrix_table(folds))) == 12   # ours (paper's) x 12
    with pytest.raises(ValueError, match="table number"):
        dbn_report.comparison_table(folds, 5)


def _fake_fold(shift=None):
    """Arrays equal to the paper's numbers (optionally one score shifted by +20 points)."""
    error, by_digit = np.full((4, 4), np.nan), np.full((4, 4, 10), np.nan)
    distance = np.full(4, np.nan)
    for (target, source), value in published.DBN_ERROR.items():
        error[NAMES.index(target), NAMES.index(source)] = value
        by_digit[NAMES.index(target), NAMES.index(source)] = published.DBN_BY_DIGIT[(target, source)]
    for source, value in published.DBN_MOTOR_DISTANCE.items():
        distance[NAMES.index(source)] = value / dbn_report.TO_PAPER_UNITS
        by_digit[3 - 1, NAMES.index(source)] = np.array(published.DBN_BY_DIGIT[("motor", source)]) / 2.8
    if shift:
        error[NAMES.index(shift[0]), NAMES.index(shift[1])] += 20
    arrays = {f"{k}_after": v for k, v in (("error", error), ("by_digit", by_digit), ("motor_distance", distance))}
    arrays.update(alignment_before=np.array([0.02, 0.2, 0.1, 0.3]), alignment_after=np.array([0.01, 0.02, 0.015, 0.02]),
                  error_before=error + 10)
    return SimpleNamespace(arrays=arrays)


def test_agreement_and_dominance_from_known_numbers():
    assert dbn_report.agreement_sentence({"a": _fake_fold()}).startswith(
        "Of the twelve overall scores, 12 are within 5 percentage points")
    text = dbn_report.agreement_sentence({"a": _fake_fold(("image", "audio"))})
    assert "11 are within" in text and "1 is worse by more" in text and "image from audio (39.0 % against 19 %)" in text
    assert "0 are better by more than that" in text
    summary = dbn_report.dominance(_fake_fold())
    assert summary["dominant"] == "image" and summary["spread_before"] == pytest.approx(15)
    assert summary["spread_after"] == pytest.approx(2)
    assert summary["class_before"]["audio"] == pytest.approx(24)
    sentence = dbn_report.dominance_sentence(summary)
    assert sentence.startswith("Before back-fitting the image channel alone came closest")
    assert "every channel's solo state moved closer" in sentence
    assert dbn_report.dominance_table(summary).count("\n") == 5


def test_reconstructions_at_chance_are_named_with_what_back_fitting_made_of_them():
    fold = _fake_fold()
    error_before = np.full((4, 4), 50.0)
    error_before[NAMES.index("image")] = 90.0                       # nothing rebuilds an image
    error_before[NAMES.index("audio"), NAMES.index("motor")] = 88.0
    fold.arrays["error_before"] = error_before
    assert [(t, s) for t, s, _ in dbn_report.at_chance({"a": fold}, "before")] == [
        ("image", s) for s in NAMES if s != "image"] + [("audio", "motor")]
    text = dbn_report.at_chance_sentence({"a": fold})
    assert text.startswith("Before back-fitting, each of the other three channels alone rebuilds the image at chance; "
                           "motor alone rebuilds the sound at chance (4 of the 9 reconstructions")
    assert "image from class 90.0 → 0.0 %" in text
    fold.arrays["error_before"] = np.full((4, 4), 50.0)
    assert "none of the 9 reconstructions" in dbn_report.at_chance_sentence({"a": fold})


def test_linear_fit():
    n = np.arange(2, 9)
    fit = dbn_scaling.linear_fit(n, 3 + 2 * n)
    assert fit["slope"] == pytest.approx(2) and fit["intercept"] == pytest.approx(3) and fit["r2"] == pytest.approx(1)
    assert abs(fit["curvature_share"]) < 1e-9
    assert dbn_scaling.linear_fit(n, n ** 2)["curvature_share"] > 0.05        # faster than linear
    assert dbn_scaling.linear_fit(n, np.sqrt(n))["curvature_share"] < -0.01   # slower than linear
    with pytest.raises(ValueError, match="length >= 3"):
        dbn_scaling.linear_fit([2, 3], [1, 2])
    with pytest.raises(ValueError, match="finite"):
        dbn_scaling.linear_fit(n, np.where(n == 4, np.nan, n))


@pytest.mark.slow
def test_scaling_counts_are_linear_on_real_features(tmp_path):
    run = dbn_scaling.run_scaling((1, 2, 4), hidden=30, sweeps=2, epochs=1, directory=tmp_path)
    a = run.arrays
    assert a["backfit_seconds"].shape == (3, 2) and np.all(a["backfit_seconds"] > 0)
    per_channel = a["backfit_flops"] / a["n_channels"]
    assert np.all(per_channel == per_channel[0])            # exactly linear in the channel count
    assert a["configurations"].tolist() == [0, 2, 14]
    # training to a fixed share of the starting error: sweeps counted, their time measured
    assert a["sweeps_to_phi"].dtype == np.int64 and a["sweeps_to_phi"].shape == (3,)
    assert np.all((a["sweeps_to_phi"] == -1) | ((a["sweeps_to_phi"] >= 1) & (a["sweeps_to_phi"] <= 100)))
    assert np.all(a["seconds_to_phi"] > 0)                   # the sweeps run, reached or not
    with pytest.raises(ValueError, match="phi_fraction"):
        dbn_scaling.run_scaling((1, 2), phi_fraction=1.0, directory=tmp_path)
    with pytest.raises(ValueError, match="increasing"):
        dbn_scaling.run_scaling((3, 2), directory=tmp_path)
    with pytest.raises(ValueError, match="positive integers"):
        dbn_scaling.run_scaling((0, 2), directory=tmp_path)


def test_the_cost_to_phi_in_words():
    from sharedrep.pages.paper2_scaling import to_phi

    n, flops = np.array([2, 3, 4, 5]), 1e9 * np.array([2, 3, 4, 5])
    flat = to_phi(n, np.array([7, 7, 7, 7]), 0.1 * n, flops, 0.15)
    assert flat["phi_sweeps"] == "7, 7, 7, 7" and "does not change" in flat["phi_words"]
    assert flat["phi_gflop"] == "14.0, 21.0, 28.0, 35.0" and flat["phi_growth"] == 2.5 == flat["phi_n_ratio"]
    assert flat["phi_verdict"].startswith("no faster than linearly")
    falls = to_phi(n, np.array([7, 3, 2, 1]), 0.1 * n, flops, 0.15)
    assert "goes from 7 to 1 and falls" in falls["phi_words"] and falls["phi_verdict"].startswith("no faster")
    grows = to_phi(n, np.array([3, 6, 12, 24]), 0.1 * n, flops, 0.15)
    assert "grows" in grows["phi_words"] and grows["phi_verdict"].startswith("faster than linearly")
    missed = to_phi(n, np.array([7, 7, -1, 7]), 0.1 * n, flops, 0.15)
    assert "more than 100" in missed["phi_sweeps"] and "did not reach" in missed["phi_words"]


def test_figures_check_their_input():
    rng = np.random.default_rng(0)
    chart = figures.tiles({"a": rng.random((3, 784)), "b": rng.random((3, 784))}).to_dict()
    values = chart["data"]["values"]
    assert len(values) == 6 and all(v["url"].startswith("data:image/png;base64,") for v in values)
    assert len(figures.tiles({"a": rng.random((2, 640))}, "audio").to_dict()["data"]["values"]) == 2
    with pytest.raises(ValueError, match=r"\[n, 784\]"):
        figures.tiles({"a": rng.random((3, 783))})
    with pytest.raises(ValueError, match="NaN"):
        figures.tiles({"a": np.full((1, 784), np.nan)})
    with pytest.raises(ValueError, match="kind"):
        figures.tiles({"a": rng.random((1, 784))}, "video")
    explorer = figures.reconstruction_explorer(rng.random((4, 10, 784)), 10 * rng.random((4, 10, 14)),
                                               rng.random((4, 10, 10)), NAMES, initial="audio").to_dict()
    param = explorer["params"][0]
    assert param["value"] == "audio" and param["bind"]["options"] == NAMES
    with pytest.raises(ValueError, match="recon_motor"):
        figures.reconstruction_explorer(rng.random((4, 10, 784)), rng.random((4, 10, 12)),
                                        rng.random((4, 10, 10)), NAMES)
    with pytest.raises(ValueError, match="source"):
        figures.from_input({}, "smell")


def test_the_paper_settings_are_a_runnable_protocol():
    """SETTINGS = "paper" gives the paper's learning rates and logistic motor units; the
    paper protocol of `sharedrep reproduce` asks for it; the tuned default is unchanged."""
    from sharedrep import reproduce
    from sharedrep.dbn import PAPER_LEARNING_RATES, PAPER_VISIBLE

    cfg = SimpleNamespace(SEED=0, EPOCHS=20, ASSOCIATIVE_HIDDEN=1000, MAX_SWEEPS=30, BACKFIT_RULE="delta",
                          BACKFIT_LEARNING_RATE=10.0, WIDTH_SCALE=1.0, MOTOR_NOISE=0.3, GIBBS_STEPS=0, SETTINGS="paper")
    config = dbn_folds.chapter_config(cfg)[0]
    assert dict(config.learning_rates) == PAPER_LEARNING_RATES and dict(config.visible) == PAPER_VISIBLE
    assert dbn_folds.chapter_config(cfg, "tuned")[0] == DBNConfig()
    with pytest.raises(ValueError, match="settings must be one of"):
        dbn_folds.with_settings(DBNConfig(), "best")
    plan = dict(reproduce.plan("paper", ["paper2_training", "paper2_results"]))
    assert plan["paper2_results"]["SETTINGS"] == "paper" and plan["paper2_training"]["SETTINGS"] == "paper"


def test_settings_table_shows_both_sets_with_their_spread_beside_the_paper():
    tuned = {"a": _fake_fold(), "b": _fake_fold(("image", "audio"))}       # image <- audio: 19 and 39
    paper = {"a": _fake_fold()}
    table = dbn_report.settings_table({"tuned settings": tuned, "paper settings": paper})
    assert table.splitlines()[0] == "| reconstructed ← input | tuned settings | paper settings | the paper |"
    assert len(table.splitlines()) == 2 + 12
    assert "| image ← audio | 29.0 ± 10.0 | 19.0 | 19 |" in table      # one fold: no spread
    assert "| motor ← class | 1.43 ± 0.00 | 1.43 | 1.43 |" in table


@pytest.mark.slow
def test_the_two_channel_system_is_a_stored_fold_of_its_own(tmp_path, tiny_folds):
    """The paper's additional experiment: only the image and audio channels. Its arrays keep
    the four-channel layout (NaN where a channel is absent); the four-channel folds keep
    their keys (no "channels" parameter)."""
    two = dbn_folds.run_fold("theo", TINY, channels=("audio", "image"), directory=tmp_path)
    assert two.provenance["parameters"]["channels"] == ["image", "audio"]
    assert "channels" not in dbn_folds.fold_parameters("theo", TINY, 0.3, 0)
    error = two.arrays["error_after"]
    image, audio = NAMES.index("image"), NAMES.index("audio")
    assert np.isfinite(error[image, audio]) and np.isfinite(error[audio, image])
    assert np.isnan(error[NAMES.index("class")]).all() and np.isnan(error[:, NAMES.index("motor")]).all()
    assert two.arrays["recon_image_after"].shape[0] == len(NAMES)
    assert np.isnan(two.arrays["alignment_after"][NAMES.index("motor")])
    assert "true_motor" not in two.arrays and "recon_motor_after" not in two.arrays
    four = tiny_folds[0]["theo"].arrays["error_after"]
    assert np.isfinite(four[image, NAMES.index("class")])
    for bad in (("image",), ("image", "smell"), ("image", "image")):
        with pytest.raises(ValueError, match="channels must be"):
            dbn_folds.fold_parameters("theo", TINY, 0.3, 0, bad)


def test_the_dominance_verdict_follows_the_numbers():
    from sharedrep.experiments import dbn_report

    summary = dict(alignment_before=dict(image=0.07, audio=0.06, motor=0.12, **{"class": 0.14}),
                   alignment_after=dict(image=0.05, audio=0.04, motor=0.08, **{"class": 0.08}),
                   class_before=dict(image=17.0, audio=57.0, motor=59.0),
                   class_after=dict(image=9.0, audio=48.0, motor=1.0),
                   dominant="audio", spread_before=2.3, spread_after=2.0)
    units = dict(image=300, audio=400, motor=100, **{"class": 10})
    text = dbn_report.dominance_verdict(summary, units)
    assert "the audio channel dominates" in text and "narrows that to 2.0" in text
    assert "order of the units" in text and "names the digit worst" in text and "motor channel's class error" in text
    other = dbn_report.dominance_verdict({**summary, "spread_after": 2.5}, dict(units, motor=500))
    assert "does not narrow" in other and "order of the units" not in other
    # the paper's candidate (the class channel, the simplest signal) is last by closeness here
    assert "comes fourth of 4 by closeness" in text and "does not hold in this form" in text
    closest_class = dict(summary, alignment_before=dict(summary["alignment_before"], **{"class": 0.01}))
    assert "comes first of 4 by closeness before back-fitting, as the paper expects" in dbn_report.dominance_verdict(
        closest_class, units)


@pytest.mark.slow
def test_a_stored_fold_is_what_the_current_code_computes():
    """Trust: the workshop's quick training fold (stored with the book), computed again, is
    bit for bit the stored one, when this machine's CPU is the one that stored it (another
    CPU's floating-point kernels round differently, and training amplifies the difference)."""
    from sharedrep import chapters, params, results, sweep

    quick = {"MAX_SWEEPS": 0, "WIDTH_SCALE": 0.25, "EPOCHS": 5}
    cfg = params.freeze("paper2_training", **{**chapters.default_parameters("paper2_training"), **quick})
    (unit,) = dbn_folds.chapter_folds("paper2_training", cfg)["folds"]
    stored = results.load(unit.kind, unit.parameters)
    assert stored is not None, "the quick training fold is stored with the book"
    if stored.provenance["machine"] != results.machine():
        pytest.skip(f"stored on {stored.provenance['machine']}; this is {results.machine()}")
    fresh = sweep.compute(unit).arrays
    assert set(fresh) == set(stored.arrays)
    for name, array in stored.arrays.items():
        if "seconds" not in name:                                      # wall-clock times differ
            np.testing.assert_array_equal(fresh[name], array, err_msg=name)


def test_a_speaker_learning_curve_trains_on_nested_sets_of_voices():
    from sharedrep.dbn import DBNConfig, multimodal_fold, training_speakers
    from sharedrep.experiments import dbn_folds, speaker_curve

    order = speaker_curve.speaker_order("theo")
    assert sorted(order) == sorted(training_speakers("theo")) and "theo" not in order
    assert order == speaker_curve.speaker_order("theo") != speaker_curve.speaker_order("theo", seed=1)
    units = speaker_curve.curve_units(speakers=["theo"])
    assert sorted(units) == [("theo", k) for k in speaker_curve.SIZES]
    chosen = [units["theo", k].parameters.get("train_speakers") for k in speaker_curve.SIZES]
    assert [len(c) for c in chosen[:-1]] == [1, 2, 3, 4] and chosen[-1] is None
    assert all(set(a) < set(b) for a, b in zip(chosen[:-2], chosen[1:-1]))           # each adds one voice
    assert units["theo", 5].key == dbn_folds.fold_unit("theo", DBNConfig()).key      # the stored standard fold
    train, test = multimodal_fold("theo", train_speakers=chosen[1])
    assert set(train.speakers) == set(chosen[1]) and set(test.speakers) == {"theo"}
    assert len(train.digits) == 2 * 500                                               # 50 per digit per speaker
    for bad, message in [(["theo"], "train_speakers must be"), ([], "train_speakers must be"),
                         (["george", "george"], "train_speakers must be"), (["nobody"], "train_speakers must be")]:
        with pytest.raises(ValueError, match=message):
            training_speakers("theo", bad)
    with pytest.raises(ValueError, match="sizes"):
        speaker_curve.curve_units(speakers=["theo"], sizes=[6])
    with pytest.raises(ValueError, match="speakers"):
        speaker_curve.curve_units(speakers=["nobody"])


def test_the_speaker_mixed_fold_tests_on_every_speakers_first_takes():
    """Issue 21 §3: the speaker-mixed fold trains on every voice and holds out FSDD's own test
    split (takes 0-4 of every speaker and digit), with a seed of its own."""
    from sharedrep.data import SPEAKERS, load_fsdd
    from sharedrep.dbn import TAKES_HELD_OUT, multimodal_fold, training_speakers
    from sharedrep.experiments import dbn_folds, speaker_curve

    train, test = multimodal_fold(TAKES_HELD_OUT)
    takes = load_fsdd().indices
    assert (len(train), len(test)) == (2700, 300)
    assert set(takes[test.recording]) == set(range(5)) and set(takes[train.recording]) == set(range(5, 50))
    assert set(train.speakers) == set(test.speakers) == set(SPEAKERS)
    assert training_speakers(TAKES_HELD_OUT) == tuple(SPEAKERS)
    seeds = {dbn_folds.fold_seed(0, h) for h in (*SPEAKERS, TAKES_HELD_OUT)}
    assert len(seeds) == len(SPEAKERS) + 1
    assert dbn_folds.fold_seed(0, "theo") == __import__("sharedrep").seeds.child(0, "fold", SPEAKERS.index("theo"))
    unit = speaker_curve.mixed_unit()
    assert unit.parameters["held_out"] == TAKES_HELD_OUT and "train_speakers" not in unit.parameters
    with pytest.raises(ValueError, match="train_speakers cannot be chosen"):
        training_speakers(TAKES_HELD_OUT, ["theo"])
    with pytest.raises(ValueError, match="held_out must be one of"):
        dbn_folds.fold_unit("takes 5-9")
    with pytest.raises(ValueError, match="speakers"):
        speaker_curve.curve_units(speakers=[TAKES_HELD_OUT])      # the curve holds out a speaker


def test_the_results_chapter_asks_for_the_curve_and_the_speaker_mixed_fold():
    from sharedrep import chapters, params
    from sharedrep.dbn import TAKES_HELD_OUT

    cfg = params.freeze("paper2_results", **{**chapters.default_parameters("paper2_results"),
                                             "SPEAKERS": ["theo", "jackson"]})
    design = dbn_folds.chapter_folds("paper2_results", cfg)
    extra = design["speaker_curve"]
    assert len(extra) == 2 * 4 + 1 + 2 and extra[8].parameters["held_out"] == TAKES_HELD_OUT
    assert sorted(len(u.parameters["train_speakers"]) for u in extra[:8]) == [1, 1, 2, 2, 3, 3, 4, 4]
    assert [(u.parameters["held_out"], u.parameters["audio_normalisation"]) for u in extra[9:]] == [
        ("theo", "speaker"), ("jackson", "speaker")]
    assert {u.parameters["config"]["seed"] for u in extra} == {cfg.SEED}
    assert not {u.key for u in extra} & {u.key for u in design["folds"]}


def test_audio_features_can_be_normalised_per_speaker():
    """Issue 25's probe: every speaker's features to mean 0 and s.d. 1 on their own (no labels);
    a fold so normalised has a key of its own, the standard folds keep theirs."""
    from sharedrep.dbn import DBNConfig, multimodal_fold, speaker_normalised

    x = np.array([[1.0, 5.0], [3.0, 5.0], [10.0, 0.0], [20.0, 2.0]])
    out = speaker_normalised(x, np.array(["a", "a", "b", "b"]))
    np.testing.assert_allclose(out, [[-1, 0], [1, 0], [-1, -1], [1, 1]])      # a constant feature gives 0
    with pytest.raises(ValueError, match="speakers"):
        speaker_normalised(x, np.array(["a", "b"]))
    train, test = multimodal_fold("theo", audio_normalisation="speaker")
    for part in (train, test):
        for name in np.unique(part.speakers):
            rows = part.audio[part.speakers == name]
            spread = rows.std(axis=0)
            assert np.abs(rows.mean(axis=0)).max() < 1e-4 and np.abs(spread[spread > 0] - 1).max() < 1e-3
    plain = multimodal_fold("theo")[0]
    np.testing.assert_array_equal(train.image, plain.image)                     # only the audio changes
    with pytest.raises(ValueError, match="audio_normalisation"):
        multimodal_fold("theo", audio_normalisation="global")
    with pytest.raises(ValueError, match="audio_normalisation"):
        dbn_folds.fold_unit("theo", audio_normalisation="global")
    assert dbn_folds.fold_unit("theo", DBNConfig(), audio_normalisation="speaker").key != dbn_folds.fold_unit(
        "theo", DBNConfig()).key
    assert "audio_normalisation" not in dbn_folds.fold_unit("theo").parameters


def _curve_record(held_out, k, a, c, i, protocol="held-out speaker"):
    return dict(held_out=held_out, speakers=k, protocol=protocol, audio_classifier=a, class_from_audio=c,
                image_from_audio=i)


def test_the_speaker_curve_is_extrapolated_in_the_logarithm_of_the_voices():
    from sharedrep.experiments import speaker_curve

    # exactly straight in log2(k): +10 points of accuracy and -10 of error per doubling
    records = [_curve_record(s, k, 50 + 10 * np.log2(k), 70 - 10 * np.log2(k), 70 - 5 * np.log2(k))
               for s in ("theo", "jackson") for k in (1, 2, 4)]
    records.append(_curve_record("takes 0-4", 6, 96.0, 14.0, 33.0, protocol="speaker-mixed"))
    fits = speaker_curve.extrapolate(records, voices=16)
    audio = fits["audio_classifier"]
    assert audio["sizes"] == [1, 2, 4] and np.isclose(audio["slope"], 10) and np.isclose(audio["at_paper"], 90)
    assert np.isclose(audio["explained"], (90 - 70) / (93 - 70)) and audio["mixed"] == 96.0
    assert np.isclose(fits["class_from_audio"]["at_paper"], 30)
    assert np.isclose(fits["class_from_audio"]["explained"], (50 - 30) / (50 - 14))
    beyond = speaker_curve.extrapolate(records, voices=1024)          # a line past the paper: clipped to all of it
    assert beyond["audio_classifier"]["explained"] == 1.0
    with pytest.raises(ValueError, match="at least two numbers of voices"):
        speaker_curve.extrapolate([r for r in records if r["speakers"] == 4])


def test_the_voices_paragraph_follows_the_numbers():
    from sharedrep.experiments import speaker_curve
    from sharedrep.pages.paper2_results import _voices_text

    records = [_curve_record(s, k, 50 + 10 * np.log2(k), 70 - 10 * np.log2(k), 70 - 5 * np.log2(k))
               for s in ("theo", "jackson") for k in (1, 2, 4)]
    mixed = _curve_record("takes 0-4", 6, 96.0, 14.0, 33.0, protocol="speaker-mixed")
    text = _voices_text(speaker_curve.extrapolate([*records, mixed]), {"voices_paper": 18})
    assert text.startswith("With every added voice the mean over the folds improves for audio classifier")
    assert "through the 3 means" in text and "class from audio 14.0 %" in text
    assert ("audio classifier on real recordings and class from audio reach the paper's level "
            "(no more than 2 points short of it, or better)") in text
    assert "image from audio stays short of it" in text and "One more explanation" not in text
    normalised = [_curve_record(s, 5, 80.0, 30.0, 75.0, protocol="normalised per speaker") for s in ("theo", "jackson")]
    fits = speaker_curve.extrapolate([*records, mixed, *normalised])
    assert (fits["audio_classifier"]["normalised"], fits["image_from_audio"]["mixed"]) == (80.0, 33.0)
    text = _voices_text(fits, {"voices_paper": 18})
    assert "audio classifier on real recordings 70.0 % → 80.0 %" in text
    assert "It brings audio classifier on real recordings and class from audio closer to the paper." in text
    worse = [dict(r, image_from_audio=r["image_from_audio"] + (20 if r["speakers"] == 2 else 0)) for r in records]
    low = dict(mixed, audio_classifier=60.0, class_from_audio=40.0, image_from_audio=50.0)
    text = _voices_text(speaker_curve.extrapolate([*worse, low]), {"voices_paper": 18})
    assert "(not at every step for image from audio)" in text
    assert "Even with a known voice no score reaches the paper's level" in text


def test_settings_are_chosen_on_a_validation_speaker_inside_each_fold():
    """Issue 25: for each test speaker, a validation speaker from its training speakers (seeded);
    both sets of settings train on the other four; the lower validation error chooses."""
    from sharedrep import chapters, params
    from sharedrep.data import SPEAKERS
    from sharedrep.experiments import settings_selection as selection

    held = selection.validation_speaker("theo")
    assert held != "theo" and held == selection.validation_speaker("theo")
    assert len({selection.validation_speaker(s, seed) for s in ("theo",) for seed in range(12)}) > 1
    cfg = params.freeze("paper2_results", **{**chapters.default_parameters("paper2_results"), "SPEAKERS": ["theo"]})
    units = selection.selection_units(cfg)
    assert sorted(units) == [("theo", "paper"), ("theo", "tuned")]
    for unit in units.values():
        assert unit.parameters["held_out"] == held
        assert sorted(unit.parameters["train_speakers"]) == sorted(set(SPEAKERS) - {"theo", held})
    assert units["theo", "tuned"].key != units["theo", "paper"].key
    with pytest.raises(ValueError, match="test_speaker"):
        selection.validation_speaker("nobody")

    def fold(value):
        error = np.full((4, 4), value)
        np.fill_diagonal(error, np.nan)
        return SimpleNamespace(arrays={"error_after": error})

    chosen = selection.choices({("theo", "tuned"): fold(30.0), ("theo", "paper"): fold(20.0),
                                ("lucas", "tuned"): fold(10.0), ("lucas", "paper"): fold(10.0)})
    assert chosen["theo"][0] == "paper" and chosen["lucas"][0] == "tuned"          # a tie keeps the first
    assert chosen["theo"][1] == {"tuned": 30.0, "paper": 20.0}
    picked = selection.selected_folds(chosen, {"tuned": {"theo": "T1", "lucas": "T2"}, "paper": {"theo": "P1"}})
    assert picked == {"theo": "P1", "lucas": "T2"}
    with pytest.raises(ValueError, match="missing settings"):
        selection.choices({("theo", "tuned"): fold(1.0)})


def test_the_motor_shortfall_paragraph_reads_the_per_digit_scores():
    """Issue 19: the drawings' shortfall is explained from the folds: a drawing is far where the
    class rebuilt from the same input is wrong (or the text says it is not), and the paper's
    easiest digits from sound are ranked here."""
    from types import SimpleNamespace

    from sharedrep.experiments import dbn_folds, dbn_report
    from sharedrep.pages.paper2_results import motor_shortfall

    names = list(dbn_folds.CHANNELS)
    rng = np.random.default_rng(0)

    def fold(coupled):
        by_digit = np.full((4, 4, 10), np.nan)
        for source in ("class", "image", "audio"):
            error = rng.uniform(0, 80, 10)
            by_digit[names.index("class"), names.index(source)] = 0 if source == "class" else error
            distance = (1 + error / 20 if coupled else rng.uniform(1, 5, 10)) / dbn_report.TO_PAPER_UNITS
            by_digit[names.index("motor"), names.index(source)] = distance
        return SimpleNamespace(arrays={"by_digit_after": by_digit})

    numbers, text = motor_shortfall({s: fold(True) for s in "abcdef"})
    assert numbers["motor_rho_audio"] > 0.9 and text.startswith("Given the class, the motor channel draws")
    assert "A drawing is far where the class rebuilt from the same input is wrong" in text
    assert "The paper finds 6 and 8 the easiest digits to recognise from sound" in text
    numbers, text = motor_shortfall({s: fold(False) for s in "abcdef"})
    assert "does not follow the class error" in text or numbers["motor_p_audio"] < 0.05
