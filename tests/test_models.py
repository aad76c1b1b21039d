"""Tests of sharedrep.models: architectures, Keras builder, encode, batched trainer."""
import numpy as np
import pytest

from sharedrep.models import (
    Adadelta,
    architecture,
    batch_order,
    build_autoencoder,
    encode,
    glorot_weights,
    load_checkpoint,
    train,
)

CASES = [("mixed", 1), ("mixed", 2), ("mixed", 3), ("mixed", 4), ("two_stage", 4)]


def synthetic_split(rows=300, seed=0, classes=10):
    """BimodalSplit-like dict: class prototypes + noise, in [0, 1]; thirds image-only,
    audio-only, both (absent modality zeroed in the inputs, never in the targets)."""
    rng = np.random.default_rng(seed)
    protos = np.random.default_rng(99).random((2, classes, 784)) < 0.2
    digit = rng.integers(0, classes, rows)
    t_image = np.clip(protos[0][digit] * 0.9 + rng.random((rows, 784)) * 0.1, 0, 1).astype(np.float32)
    t_audio = np.clip(protos[1][digit] * 0.9 + rng.random((rows, 784)) * 0.1, 0, 1).astype(np.float32)
    has_image = np.arange(rows) % 3 != 1
    has_audio = np.arange(rows) % 3 != 0
    return dict(x_image=t_image * has_image[:, None], x_audio=t_audio * has_audio[:, None],
                t_image=t_image, t_audio=t_audio, digit_image=digit, digit_audio=digit,
                has_image=has_image, has_audio=has_audio)


@pytest.fixture(scope="module")
def data():
    return synthetic_split()


def max_diff(a, b):
    return max(float(np.abs(a[k] - b[k]).max()) for k in a)


# ---- architectures and the Keras builder ------------------------------------------
@pytest.mark.parametrize("framework,depth", CASES)
def test_shapes_and_encode(framework, depth, data):
    arch = architecture(framework, depth)
    model = build_autoencoder(arch, seed=0)
    assert model.count_params() == arch.n_params()
    out = model.predict([data["x_image"][:7], data["x_audio"][:7]], verbose=0)
    assert [o.shape for o in out] == [(7, 784), (7, 784)]
    for layer in range(1, depth + 1):
        h = encode(model, data["x_image"][:7], data["x_audio"][:7], layer)
        width = 128 if framework == "two_stage" and layer < 4 else 64
        assert h.shape == (7, width) and h.dtype == np.float32
        assert ((h >= 0) & (h <= 1)).all()


def test_encode_matches_keras(data):
    import keras

    arch = architecture("two_stage")
    model = build_autoencoder(arch, seed=3)
    sub = keras.Model(model.inputs, model.get_layer("enc4").output)
    ref = sub.predict([data["x_image"][:20], data["x_audio"][:20]], verbose=0)
    weights = {k: v for k, v in glorot_weights(arch, 3).items()}
    np.testing.assert_allclose(encode(weights, data["x_image"][:20], data["x_audio"][:20], 4), ref, atol=1e-5)
    # batched weights: a leading network axis gives [N, n, units]
    stacked = {k: np.stack([v, v]) for k, v in weights.items()}
    assert encode(stacked, data["x_image"][:5], data["x_audio"][:5], 2).shape == (2, 5, 128)


def test_authors_decoders_and_param_counts():
    assert architecture("mixed", 4).n_params() == 231_456
    assert [s.units for s in architecture("mixed", 3).layers if s.name.startswith("dec_image")] == [64, 784]
    assert not [s for s in architecture("mixed", 1).layers if s.name.startswith("dec_")]
    custom = architecture("mixed", widths=[32, 16, 8, 8, 4], decoder=[16])
    assert custom.depth == 5 and custom.encoding_width(5) == 4


def test_glorot_seeded():
    arch = architecture()
    a, b, c = glorot_weights(arch, 1), glorot_weights(arch, 1), glorot_weights(arch, 2)
    assert max_diff(a, b) == 0 and max_diff(a, c) > 0
    assert all(not v.any() for k, v in a.items() if k.endswith("/bias"))
    limit = np.sqrt(6 / (1568 + 64))
    assert np.abs(a["enc1/kernel"]).max() <= limit


# ---- trainer ----------------------------------------------------------------------
def test_same_seed_same_weights(data):
    arch = architecture("mixed", 2)
    a = train(arch, data, seeds=5, epochs=2)
    b = train(arch, data, seeds=5, epochs=2)
    c = train(arch, data, seeds=6, epochs=2)
    assert max_diff(a.weights, b.weights) == 0
    assert max_diff(a.weights, c.weights) > 0


@pytest.mark.parametrize("layout", ["stacked", "sequential"])
def test_batched_equals_separate(layout, data):
    arch = architecture("mixed", 4)
    other = synthetic_split(seed=1)
    both = train(arch, [data, other], seeds=[3, 4], epochs=3, layout=layout)
    alone = [train(arch, d, seeds=s, epochs=3, layout=layout) for d, s in ((data, 3), (other, 4))]
    for n in range(2):
        assert max_diff(both.network(n), alone[n].network(0)) < 1e-5
        np.testing.assert_allclose(both.losses[:, n], alone[n].losses[:, 0], rtol=1e-6)


def test_shared_batches_equal_separate(data):
    """Same data and batch order for all networks: the wide input-layer matmul path."""
    arch = architecture("two_stage")
    both = train(arch, data, seeds=[1, 2], order_seeds=7, epochs=2)
    alone = train(arch, data, seeds=2, order_seeds=7, epochs=2)
    assert max_diff(both.network(1), alone.network(0)) < 1e-5


def test_matches_keras_fit(data):
    """One epoch equals Keras' fit with the authors' loss and optimiser on the same batches."""
    arch = architecture("mixed", 2)
    ours = train(arch, data, seeds=0, epochs=1)
    model = build_autoencoder(arch, seed=0)
    order = batch_order(0, 0, 300)
    model.fit([data["x_image"][order], data["x_audio"][order]],
              [data["t_image"][order], data["t_audio"][order]], batch_size=50, epochs=1,
              shuffle=False, verbose=0)
    from sharedrep.models import get_weights
    assert max_diff(ours.network(0), get_weights(model)) < 1e-4


def test_partial_last_batch(data):
    small = {k: v[:130] for k, v in data.items()}
    result = train(architecture("mixed", 1), small, seeds=0, epochs=2, batch_size=50)
    assert result.losses.shape == (2, 1) and np.isfinite(result.losses).all()


def test_loss_decreases(data):
    result = train(architecture("mixed", 4), data, seeds=0, epochs=6)
    assert result.losses[-1, 0] < result.losses[0, 0] - 0.05


def test_snapshots_and_resume(tmp_path, data):
    arch = architecture("mixed", 2)
    kwargs = dict(seeds=[0, 1], snapshot_epochs=[0, 1, 4], checkpoint_every=2)
    full = train(arch, data, epochs=4, **kwargs)
    path = tmp_path / "run.npz"
    first = train(arch, data, epochs=3, checkpoint=path, **{**kwargs, "snapshot_epochs": [0, 1]})
    assert load_checkpoint(path)["epoch"] == 3 and first.losses.shape == (3, 2)
    recorded = load_checkpoint(path)["seconds"]
    assert 0 < recorded <= first.seconds                    # the training time of the 3 epochs
    resumed = train(arch, data, epochs=4, checkpoint=path, **kwargs)
    assert resumed.resumed_from == 3 and resumed.earlier_seconds == recorded
    assert resumed.total_seconds == pytest.approx(resumed.seconds + recorded)
    assert full.resumed_from == 0 and full.total_seconds == full.seconds
    assert max_diff(resumed.weights, full.weights) == 0
    np.testing.assert_array_equal(resumed.losses, full.losses)
    assert sorted(resumed.snapshots) == [0, 1, 4]
    assert max_diff(resumed.snapshots[1], full.snapshots[1]) == 0
    assert set(full.snapshots[0]) == {"enc1/kernel", "enc1/bias", "enc2/kernel", "enc2/bias"}
    assert max_diff(full.snapshots[4], {k: full.weights[k] for k in full.snapshots[4]}) == 0
    with pytest.raises(ValueError, match="different run"):
        train(arch, data, epochs=4, checkpoint=path, seeds=[0, 2])


def test_sequential_resume_equals_uninterrupted(tmp_path, data):
    """One network after another, each on its own data: a resumed run ends where an
    uninterrupted one does, and the networks' state is not mixed up."""
    arch = architecture("mixed", 1)
    splits = [data, synthetic_split(seed=1)]
    kwargs = dict(seeds=[0, 1], layout="sequential")
    full = train(arch, splits, epochs=3, **kwargs)
    train(arch, splits, epochs=2, checkpoint=tmp_path / "run.npz", **kwargs)
    resumed = train(arch, splits, epochs=3, checkpoint=tmp_path / "run.npz", **kwargs)
    assert resumed.resumed_from == 2
    assert max_diff(resumed.weights, full.weights) == 0
    np.testing.assert_array_equal(resumed.losses, full.losses)
    second = train(arch, splits[1], seeds=1, epochs=3, layout="sequential")
    assert max_diff(full.network(1), second.network(0)) < 1e-5


def test_progress_silent_by_default_and_printed_when_verbose(data, capsys):
    arch = architecture("mixed", 1)
    train(arch, data, seeds=0, epochs=1)
    assert capsys.readouterr().err == ""
    train(arch, data, seeds=0, epochs=2, verbose=True, progress_every=0)
    err = capsys.readouterr().err
    assert "epoch 2/2" in err and "left" in err


def test_nan_loss_names_epoch(data):
    with pytest.raises(FloatingPointError, match="epoch 1"):
        train(architecture("mixed", 1), data, seeds=0, epochs=3,
              optimizer=Adadelta(learning_rate=1e38))


# ---- bad input --------------------------------------------------------------------
@pytest.mark.parametrize("kwargs,match", [
    (dict(depth=5), "depth"), (dict(depth=0), "depth"), (dict(framework="early"), "framework"),
    (dict(framework="two_stage", depth=2), "depth"), (dict(activation="tanhh"), "activation"),
    (dict(widths=[64, 0]), "widths"),
])
def test_bad_architecture(kwargs, match):
    with pytest.raises(ValueError, match=match):
        architecture(**kwargs)


def test_bad_data(data):
    arch = architecture("mixed", 1)
    cases = [
        ({**data, "x_audio": data["x_audio"][:, :700]}, "x_audio"),
        ({**data, "x_audio": data["x_audio"][:200]}, "row counts"),
        ({**data, "t_image": data["t_image"] * 2}, r"\[0, 1\]"),
        ({**data, "x_image": np.where(np.eye(300, 784) > 0, np.nan, data["x_image"])}, "NaN"),
        ({k: v for k, v in data.items() if k != "t_audio"}, "t_audio"),
    ]
    for bad, match in cases:
        with pytest.raises(ValueError, match=match):
            train(arch, bad, seeds=0, epochs=1)
    with pytest.raises(ValueError, match="one per network"):
        train(arch, [data, data, data], seeds=[0, 1], epochs=1)
    with pytest.raises(ValueError, match="seeds"):
        train(arch, data, seeds=-1, epochs=1)
    with pytest.raises(ValueError, match="layout"):
        train(arch, data, seeds=0, epochs=1, layout="diagonal")
    with pytest.raises(ValueError, match="layer"):
        encode(glorot_weights(arch, 0), data["x_image"], data["x_audio"], 2)
    with pytest.raises(ValueError, match="x_image"):
        encode(glorot_weights(arch, 0), data["x_image"][:, :10], data["x_audio"], 1)


# ---- slow -------------------------------------------------------------------------
@pytest.mark.slow
def test_workers_equal_single_process(tmp_path, data):
    """Networks trained in 2 single-threaded processes (groups of 2 and 1 networks, each
    group one network after another) equal in-process training, in the original order."""
    arch = architecture("mixed", 2)
    other = synthetic_split(seed=1)
    pooled = train(arch, [data, other, data], seeds=[3, 4, 5], epochs=2, workers=2, snapshot_epochs=[0, 2],
                   checkpoint=tmp_path / "run.npz")
    alone = train(arch, other, seeds=4, epochs=2)
    assert max_diff(pooled.network(1), alone.network(0)) < 1e-5      # second of the first group
    last = train(arch, data, seeds=5, epochs=2)
    assert max_diff(pooled.network(2), last.network(0)) < 1e-5       # the second group, alone
    assert pooled.losses.shape == (2, 3) and sorted(pooled.snapshots) == [0, 2]
    assert pooled.snapshots[2]["enc1/kernel"].shape[0] == 3
    assert (tmp_path / "run.group0of2.npz").exists() and (tmp_path / "run.group1of2.npz").exists()


@pytest.mark.slow
def test_real_data_training():
    data = pytest.importorskip("sharedrep.data")
    try:
        ds = data.bimodal_dataset(pairing="consistent", seed=0)
    except (data.DataNotFoundError, data.DataIntegrityError) as error:
        pytest.skip(f"real data unavailable: {error}")
    result = train(architecture("mixed", 4), ds.train, seeds=0, epochs=2)
    assert result.losses[1, 0] < result.losses[0, 0] < 1.5
    h = encode(result.network(0), ds.test.x_image, ds.test.x_audio, 4)
    assert h.shape == (1500, 64) and np.isfinite(h).all()
