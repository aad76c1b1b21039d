"""Paper 1's authors' networks: found and verified like the data, mapped onto the library's
architecture so that the library's forward pass equals a direct one over the HDF5 arrays."""
import shutil

import numpy as np
import pytest
from scipy.special import expit

from sharedrep import authors
from sharedrep.conditions import ConditionKey
from sharedrep.data import bimodal_dataset
from sharedrep.data.sources import DataIntegrityError, DataNotFoundError
from sharedrep.models.autoencoder import encode, forward


def _relu(x):
    return np.maximum(x, 0)


def _direct(path, key, x_image, x_audio):
    """The authors' src/models.py written out over the file's dense layers (in creation order):
    the last encoding layer and the two reconstructions."""
    layers = authors.read_dense_layers(path)
    dense = lambda k, x, f: f(x @ layers[k][0] + layers[k][1])   # noqa: E731
    if key.framework == "mixed":
        h = np.concatenate([x_image, x_audio], axis=1)
        for k in range(key.depth):
            h = dense(k, h, expit)
        k = key.depth
    else:
        v, a = x_image, x_audio
        for k in range(3):
            v = dense(k, v, expit)
        for k in range(3, 6):
            a = dense(k, a, expit)
        h = dense(6, np.concatenate([v, a], axis=1), expit)
        k = 7
    hidden = {1: 0, 2: 1, 4: 2}[key.depth]          # the authors' decoders: ReLU layers before the output
    outputs = []
    for _ in ("image", "audio"):
        x = h
        for _ in range(hidden):
            x, k = dense(k, x, _relu), k + 1
        outputs.append(dense(k, x, expit))
        k += 1
    return h, outputs


@pytest.fixture(scope="module")
def rows():
    test = bimodal_dataset("consistent", seed=0, images_per_digit=20).test
    picked = test.rows("both")[:40]
    return test.x_image[picked], test.x_audio[picked]


@pytest.mark.parametrize("key", list(authors.NETWORKS))
def test_the_mapped_network_equals_a_direct_forward_pass(key, shared_data, rows):
    x_image, x_audio = rows
    for epoch in authors.EPOCHS:
        arch, weights = authors.load(key, epoch)
        path = shared_data / "authors-p1" / authors.file_name(key, epoch)
        hidden, (image, audio) = _direct(path, key, x_image, x_audio)
        np.testing.assert_allclose(encode(weights, x_image, x_audio, arch.depth, arch), hidden, rtol=1e-5, atol=1e-6)
        values = forward(weights, arch, x_image, x_audio)
        np.testing.assert_allclose(values["out_image"], image, rtol=1e-5, atol=1e-6)
        np.testing.assert_allclose(values["out_audio"], audio, rtol=1e-5, atol=1e-6)


def _bce(target, output):
    output = np.clip(output, 1e-7, 1 - 1e-7)
    return float(-(target * np.log(output) + (1 - target) * np.log(1 - output)).mean())


def test_the_trained_networks_reconstruct_this_book_s_inputs(rows):
    """The image and audio inputs of the files are ours: a trained network rebuilds our test
    rows far better than its untrained state (a swapped modality or another recipe would not)."""
    x_image, x_audio = rows
    for key in (ConditionKey("mixed", 4, "consistent"), ConditionKey("two_stage", 4, "consistent")):
        losses = {}
        for epoch in authors.EPOCHS:
            arch, weights = authors.load(key, epoch)
            values = forward(weights, arch, x_image, x_audio)
            losses[epoch] = _bce(x_image, values["out_image"]) + _bce(x_audio, values["out_audio"])
        assert losses[5000] < 0.6 * losses[0], (key, losses)


def test_a_network_the_authors_did_not_publish_is_a_clear_error():
    with pytest.raises(ValueError, match="network must be one of"):
        authors.file_name(ConditionKey("mixed", 3, "consistent"), 5000)
    with pytest.raises(ValueError, match="epoch must be one of"):
        authors.file_name(ConditionKey("mixed", 4, "consistent"), 100)


def test_a_damaged_or_missing_file_is_a_clear_error(shared_data, tmp_path):
    key = ConditionKey("mixed", 1, "consistent")
    name = authors.file_name(key, 5000)
    with pytest.raises(DataNotFoundError, match="authors-p1/<file>"):
        authors.load(key, data_dir=tmp_path)
    (tmp_path / "authors-p1").mkdir()
    copy = tmp_path / "authors-p1" / name
    shutil.copy(shared_data / "authors-p1" / name, copy)
    data = bytearray(copy.read_bytes())
    data[len(data) // 2] ^= 0xFF
    copy.write_bytes(bytes(data))
    with pytest.raises(DataIntegrityError, match="sha256"):
        authors.load(key, data_dir=tmp_path)
