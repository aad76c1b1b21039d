"""The real data files: found, verified, decoded; corrupt or missing files are errors."""
import gzip
import shutil

import numpy as np
import pytest

from sharedrep.data import DataIntegrityError, DataNotFoundError, load_fsdd, load_mnist, locate
from sharedrep.data import sources as locate_module
from sharedrep.data.sources import registry, search_plan, sha256

MNIST_TRAIN_COUNTS = [5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949]
MNIST_TEST_COUNTS = [980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009]


def test_every_shared_file_matches_the_registry(shared_data):
    for name, digest in registry("mnist").items():
        assert sha256(shared_data / "mnist" / name) == digest
    fsdd = registry("fsdd")
    assert len(fsdd) == 3000
    paths = locate("fsdd", sorted(fsdd), data_dir=shared_data)
    assert len(paths) == 3000


def test_registry_agrees_with_the_shared_checksum_files(shared_data):
    lines = (shared_data / "mnist" / "SHA256SUMS").read_text().split("\n")
    listed = dict(reversed(line.split()) for line in lines if line.strip())
    assert listed == registry("mnist")


@pytest.mark.parametrize("split, counts", [("train", MNIST_TRAIN_COUNTS), ("test", MNIST_TEST_COUNTS)])
def test_load_mnist(split, counts):
    images, labels = load_mnist(split)
    assert images.shape == (sum(counts), 28, 28) and images.dtype == np.uint8
    assert images.min() == 0 and images.max() == 255
    assert labels.shape == (sum(counts),)
    assert np.bincount(labels).tolist() == counts
    assert not images.flags.writeable


def test_load_fsdd_all_and_paper_speakers():
    everyone = load_fsdd()
    assert len(everyone) == 3000
    assert np.bincount(everyone.digits).tolist() == [300] * 10
    paper = load_fsdd(["theo", "jackson"])
    assert len(paper) == 1000 and set(paper.speakers) == {"jackson", "theo"}
    assert all(a.dtype == np.int16 and a.ndim == 1 for a in paper.audio)
    lengths = np.array([len(a) for a in paper.audio]) / 8000
    assert 0.1 < lengths.min() and lengths.max() < 2.5
    assert paper.indices.min() == 0 and paper.indices.max() == 49


@pytest.mark.parametrize("call, message", [
    (lambda: load_mnist("validation"), "MNIST split must be one of"),
    (lambda: load_fsdd(["jackson", "bob"]), "bob"),
    (lambda: load_fsdd([]), "at least one"),
    (lambda: locate("cifar", []), "dataset must be one of"),
])
def test_bad_arguments_raise_value_error(call, message):
    with pytest.raises(ValueError, match=message):
        call()


def _copy_mnist(shared_data, target):
    (target / "mnist").mkdir(parents=True)
    for name in registry("mnist"):
        shutil.copy(shared_data / "mnist" / name, target / "mnist" / name)


def test_corrupted_copy_is_rejected(shared_data, tmp_path):
    _copy_mnist(shared_data, tmp_path)
    path = tmp_path / "mnist" / "t10k-labels-idx1-ubyte.gz"
    raw = bytearray(gzip.decompress(path.read_bytes()))
    raw[100] = (raw[100] + 1) % 10  # a single wrong label
    path.write_bytes(gzip.compress(bytes(raw)))
    with pytest.raises(DataIntegrityError, match="t10k-labels-idx1-ubyte.gz"):
        load_mnist("test", data_dir=tmp_path)


def test_explicit_folder_without_data_says_how_to_fix(tmp_path):
    with pytest.raises(DataNotFoundError) as info:
        load_mnist("test", data_dir=tmp_path)
    text = str(info.value)
    assert "t10k-images-idx3-ubyte.gz" in text and str(tmp_path) in text
    assert "SHAREDREP_DATA" in text


def test_environment_variable_is_searched_and_is_strict(shared_data, tmp_path, monkeypatch):
    _copy_mnist(shared_data, tmp_path)
    monkeypatch.setenv("SHAREDREP_DATA", str(tmp_path))
    plan = search_plan()
    assert [root for _, root in plan.roots] == [tmp_path] and not plan.may_download
    images, _ = load_mnist("test")
    assert images.shape == (10000, 28, 28)
    with pytest.raises(DataNotFoundError, match="SHAREDREP_DATA"):
        load_fsdd(["theo"])  # not in that folder, and no silent fallback elsewhere


def test_default_order_is_shared_data_then_cache(shared_data, tmp_path, monkeypatch):
    monkeypatch.delenv("SHAREDREP_DATA", raising=False)
    monkeypatch.setenv("SHAREDREP_CACHE", str(tmp_path))
    plan = search_plan()
    assert [root.resolve() for _, root in plan.roots] == [shared_data.resolve(), tmp_path.resolve()]
    assert not plan.may_download  # the tests run with SHAREDREP_OFFLINE=1


def test_missing_file_is_downloaded_into_the_cache_and_verified(shared_data, tmp_path, monkeypatch):
    """The download path with the network replaced by a local copy (tests never go online)."""
    monkeypatch.setenv("SHAREDREP_CACHE", str(tmp_path))
    monkeypatch.setattr(locate_module, "repository_shared_data", lambda: tmp_path / "nowhere")
    fetched = []

    def fake_retrieve(url, known_hash, fname, path, progressbar):
        fetched.append(url)
        shutil.copy(shared_data / "mnist" / fname, path / fname)
        assert known_hash == "sha256:" + registry("mnist")[fname]
        return str(path / fname)

    import pooch
    monkeypatch.setattr(pooch, "retrieve", fake_retrieve)
    paths = locate("mnist", ["t10k-labels-idx1-ubyte.gz"], download=True)
    assert paths == [tmp_path / "mnist" / "t10k-labels-idx1-ubyte.gz"]
    assert fetched == [locate_module.MNIST_URLS[0] + "t10k-labels-idx1-ubyte.gz"]
    # a second call finds the cached file and does not download again
    locate("mnist", ["t10k-labels-idx1-ubyte.gz"], download=True)
    assert len(fetched) == 1


def test_downloaded_fsdd_recording_that_differs_is_rejected(shared_data, tmp_path, monkeypatch):
    import zipfile

    import pooch
    monkeypatch.setenv("SHAREDREP_CACHE", str(tmp_path))
    monkeypatch.setattr(locate_module, "repository_shared_data", lambda: tmp_path / "nowhere")

    def fake_retrieve(url, known_hash, fname, path, progressbar):
        archive = tmp_path / "archive.zip"
        with zipfile.ZipFile(archive, "w") as bundle:
            bundle.writestr("fsdd-x/recordings/0_theo_0.wav", b"RIFF not the real file")
        return str(archive)

    monkeypatch.setattr(pooch, "retrieve", fake_retrieve)
    with pytest.raises(DataIntegrityError, match="0_theo_0.wav"):
        locate("fsdd", ["0_theo_0.wav"], download=True)
