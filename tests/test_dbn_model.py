"""A small four-channel DBN on real data: training stages, cross-modal reconstruction, scoring."""
import numpy as np
import pytest

from sharedrep.dbn import (
    MOTOR_THRESHOLD,
    DBNConfig,
    apply_backfitting,
    class_error,
    evaluate_model,
    from_unit,
    motor_distance,
    multimodal_fold,
    reconstruct,
    train_associative_memory,
    train_audio_classifier,
    train_channels,
)

SMALL = DBNConfig(layers={"image": (64,), "audio": (64,), "motor": (32,), "class": ()},
                  learning_rates={"image": 0.1, "audio": 0.01, "motor": 0.05, "class": 0.1},
                  epochs=10, associative_hidden=128, max_sweeps=10, seed=0)


@pytest.fixture(scope="module")
def fold():
    train, test = multimodal_fold("jackson", seed=0)
    keep = np.random.default_rng(0).permutation(len(train))[:1000]
    small = {name: x[keep] for name, x in train.inputs().items()}
    return small, train.digits[keep], test


@pytest.fixture(scope="module")
def models(fold):
    inputs, _, _ = fold
    channels = train_channels(inputs, SMALL)
    before = train_associative_memory(channels, inputs, SMALL)
    return before, apply_backfitting(before, inputs, SMALL)


def test_stages_produce_the_documented_shapes(models):
    before, after = models
    assert after.names == ("image", "audio", "motor", "class")
    assert [c.n_top for c in after.channels] == [64, 64, 32, 10]
    assert after.associative.weights.shape == (64 + 64 + 32 + 10, 128)
    assert before.backfit is None and after.backfit.sweeps == 10
    for g, w in zip(after.generative, before.generative):
        np.testing.assert_array_equal(g, w)


def test_class_from_image_beats_chance_by_a_wide_margin(models, fold):
    _, after = models
    _, _, test = fold
    out = reconstruct(after, {"image": test.inputs()["image"]})
    assert class_error(out["class"], test.digits) < 0.4  # chance: 0.9


def test_backfitting_helps_single_channel_input(models, fold):
    before, after = models
    _, _, test = fold
    errors = [class_error(reconstruct(m, {"motor": test.inputs()["motor"]})["class"], test.digits)
              for m in (before, after)]
    assert errors[1] < errors[0]


def test_any_subset_in_all_channels_out(models, fold):
    _, after = models
    _, _, test = fold
    inputs = test.inputs()
    for subset in (["class"], ["image", "audio"], list(inputs)):
        out = reconstruct(after, {k: inputs[k][:7] for k in subset}, gibbs_steps=2)
        assert {k: v.shape for k, v in out.items()} == {"image": (7, 784), "audio": (7, 640),
                                                        "motor": (7, 14), "class": (7, 10)}
        assert all(np.all(np.isfinite(v)) for v in out.values())
    drawn = from_unit(reconstruct(after, {"class": np.eye(10, dtype=np.float32)})["motor"])
    assert np.mean(motor_distance(drawn, np.arange(10))) < 3 * MOTOR_THRESHOLD


def test_evaluation_reports_all_twelve_pairs(models, fold):
    _, after = models
    inputs, digits, test = fold
    audio = train_audio_classifier(inputs["audio"], digits, test.audio, test.digits, n_estimators=20)

    class Perfect:  # stands in for the MNIST classifier to keep this test fast
        test_accuracy = 1.0

        @staticmethod
        def predict(images):
            return np.zeros(len(images), np.int64)

    result = evaluate_model(after, test, Perfect(), audio)
    assert len(result.error) == 12 and set(result.motor_distance) == {"image", "audio", "class"}
    assert all(0 <= v <= 100 for v in result.error.values())
    assert result.by_digit[("class", "image")].shape == (10,)
    assert 0 < audio.test_accuracy <= 1


def test_bad_input_raises(models, fold):
    _, after = models
    _, _, test = fold
    inputs = test.inputs()
    with pytest.raises(ValueError, match="at least one channel"):
        reconstruct(after, {})
    with pytest.raises(ValueError, match="input channel must be one of"):
        reconstruct(after, {"smell": inputs["image"]})
    with pytest.raises(ValueError, match=r"\[n, 784\]"):
        reconstruct(after, {"image": inputs["image"][:, :100]})
    with pytest.raises(ValueError, match="NaN"):
        reconstruct(after, {"audio": np.full((2, 640), np.nan, np.float32)})
    with pytest.raises(ValueError, match="same number of rows"):
        reconstruct(after, {"image": inputs["image"][:3], "class": inputs["class"][:4]})
    with pytest.raises(ValueError, match="combine"):
        reconstruct(after, {"class": inputs["class"]}, combine="max")
    with pytest.raises(ValueError, match="backfit_rule"):
        apply_backfitting(after, inputs, SMALL.with_(backfit_rule="sgd"))
    with pytest.raises(ValueError, match="config.layers"):
        train_channels({"smell": inputs["class"]}, SMALL)
    with pytest.raises(ValueError, match="non-empty mapping"):
        train_channels({}, SMALL)
    with pytest.raises(ValueError, match="class_units"):
        class_error(np.zeros((3, 9)), np.zeros(3, int))


def test_two_channel_system_trains_end_to_end(fold):
    from sharedrep.dbn import train_multimodal_dbn

    inputs, digits, test = fold
    pair = {"class": inputs["class"][:300], "motor": inputs["motor"][:300]}
    model = train_multimodal_dbn(pair, SMALL.with_(epochs=3, max_sweeps=3))
    assert model.names == ("class", "motor") and model.backfit.errors.shape == (4, 2)
    out = reconstruct(model, {"motor": test.inputs()["motor"][:50]})
    assert set(out) == {"class", "motor"} and out["class"].shape == (50, 10)
