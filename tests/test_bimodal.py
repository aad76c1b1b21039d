"""Paper 1's bimodal dataset built from the real files."""
import numpy as np
import pytest

from sharedrep.data import bimodal_dataset, load_mnist


@pytest.fixture(scope="module")
def consistent():
    return bimodal_dataset("consistent", seed=0)


@pytest.fixture(scope="module")
def inconsistent():
    return bimodal_dataset("inconsistent", seed=0)


def test_shapes_and_ranges(consistent):
    for split, n in [(consistent.train, 15000), (consistent.test, 1500)]:
        for name in ("x_image", "x_audio", "t_image", "t_audio"):
            array = getattr(split, name)
            assert array.shape == (n, 784) and array.dtype == np.float32
            assert array.min() >= 0 and array.max() <= 1
        assert split.digit_image.shape == split.digit_audio.shape == (n,)
        assert [len(split.rows(b)) for b in ("image", "audio", "both")] == [n // 3] * 3


def test_augmentation_zeroes_the_absent_modality_and_keeps_full_targets(consistent):
    train = consistent.train
    image_only, audio_only, both = (train.rows(b) for b in ("image", "audio", "both"))
    assert not train.x_audio[image_only].any() and not train.x_image[audio_only].any()
    assert train.x_image[image_only].any(axis=1).all() and train.x_audio[audio_only].any(axis=1).all()
    np.testing.assert_array_equal(train.x_image[both], train.t_image[both])
    np.testing.assert_array_equal(train.t_image[image_only], train.t_image[both])
    np.testing.assert_array_equal(train.t_audio[audio_only], train.t_audio[both])


def test_training_images_are_the_first_500_of_each_digit(consistent):
    images, labels = load_mnist("train")
    first_threes = images[labels == 3][:500].reshape(500, -1) / 255.0
    rows = consistent.train.rows("image")
    threes = consistent.train.t_image[rows][consistent.train.digit_image[rows] == 3]
    np.testing.assert_allclose(threes, first_threes, atol=1e-7)
    assert np.bincount(consistent.train.digit_image[rows]).tolist() == [500] * 10


def test_test_set_pairs_50_per_digit_of_the_same_digit(consistent):
    test = consistent.test
    assert (test.digit_image == test.digit_audio).all()
    assert np.bincount(test.digit_image[test.rows("both")]).tolist() == [50] * 10
    images, labels = load_mnist("test")
    np.testing.assert_allclose(test.t_image[:50], images[labels == 0][:50].reshape(50, -1) / 255.0)


def test_consistent_pairs_share_the_digit_and_inconsistent_pairs_mostly_do_not(consistent, inconsistent):
    assert (consistent.train.digit_image == consistent.train.digit_audio).all()
    agreement = (inconsistent.train.digit_image == inconsistent.train.digit_audio).mean()
    assert 0.05 < agreement < 0.15  # chance is 10 %
    # the control differs from the consistent set only by a permutation of the audio rows
    same = np.sort(consistent.train.t_audio, axis=0), np.sort(inconsistent.train.t_audio, axis=0)
    np.testing.assert_array_equal(*same)
    np.testing.assert_array_equal(consistent.train.t_image, inconsistent.train.t_image)
    np.testing.assert_array_equal(consistent.test.t_audio, inconsistent.test.t_audio)


def test_audio_test_set_and_training_pool_are_disjoint(consistent):
    test_audio = {row.tobytes() for row in consistent.test.t_audio}
    train_audio = {row.tobytes() for row in consistent.train.t_audio}
    assert len(test_audio) == 500 and not test_audio & train_audio
    assert len(train_audio) <= 500  # at most the 50-per-digit pool, drawn with replacement


def test_same_seed_same_arrays_and_other_seed_other_arrays(consistent):
    from sharedrep.data.bimodal import _build
    _build.cache_clear()
    again = bimodal_dataset("consistent", seed=0)
    assert again is not consistent
    for name in ("x_image", "x_audio", "t_audio", "digit_audio"):
        np.testing.assert_array_equal(getattr(again.train, name), getattr(consistent.train, name))
    other = bimodal_dataset("consistent", seed=1)
    assert not np.array_equal(other.train.t_audio, consistent.train.t_audio)
    assert not np.array_equal(other.test.t_audio, consistent.test.t_audio)


def test_arrays_are_read_only(consistent):
    with pytest.raises(ValueError):
        consistent.train.x_image[0, 0] = 1.0


@pytest.mark.parametrize("kwargs, message", [
    (dict(pairing="random"), "pairing must be one of"),
    (dict(seed=-1), "seed"),
    (dict(seed=1.5), "seed"),
    (dict(images_per_digit=0), "images_per_digit"),
    (dict(image_selection="all"), "image_selection must be one of"),
    (dict(speakers=["jackson", "alice"]), "alice"),
    (dict(speakers=["theo"]), "at least 2 speakers"),
])
def test_bad_arguments(kwargs, message):
    with pytest.raises(ValueError, match=message):
        bimodal_dataset(**kwargs)


def test_unknown_block_name(consistent):
    with pytest.raises(ValueError, match="block must be one of"):
        consistent.test.rows("video")
