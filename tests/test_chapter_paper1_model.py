"""The model chapter and its pieces: one network's stored demonstration, the diagrams, the mosaics."""
import io

import numpy as np
import pytest
from conftest import glued_run

from sharedrep import chapters, models
from sharedrep.data import bimodal_dataset
from sharedrep.experiments import demonstration
from sharedrep.viz import model_figures


def test_example_rows_are_one_per_digit_and_block():
    test = bimodal_dataset("consistent", seed=0).test
    rows = demonstration.example_rows(test)
    assert rows.shape == (3, 10)
    for b, block in enumerate(("image", "audio", "both")):
        assert (test.block[rows[b]] == block).all()
        assert test.digit_image[rows[b]].tolist() == list(range(10))


def test_mosaic_is_a_png_of_the_expected_size():
    from PIL import Image

    values = np.random.default_rng(0).random((3, 10, 2, 784))
    png = model_figures.reconstruction_mosaic(values, values, "audio", scale=1, gap=2, labels=False)
    image = Image.open(io.BytesIO(png))
    band = 4 * (28 + 2) + 3 * 2          # four rows (spectrogram rows drawn twice as tall) and the gap
    assert image.size == (5 * (56 + 2), 2 * band)                    # digits 0-4 above 5-9
    wide = model_figures.reconstruction_mosaic(values, values, "audio", scale=1, gap=2, per_band=10, labels=False)
    assert Image.open(io.BytesIO(wide)).size == (10 * (56 + 2), band)
    labelled = Image.open(io.BytesIO(model_figures.reconstruction_mosaic(values, values, "audio", scale=2, gap=2)))
    assert labelled.size == (2 * (38 + 5 * (56 + 2)), 2 * 2 * band)  # a 38-pixel label column, at scale 2
    column = np.asarray(labelled)[:, :76]
    assert (column < 128).any() and (column == 255).mean() > 0.8    # dark text on white
    ink = np.zeros((3, 10, 2, 784))
    ink[..., 0, :392] = 1.0                    # each image: its top half full of ink, the rest blank
    tiles = np.asarray(Image.open(io.BytesIO(model_figures.reconstruction_mosaic(ink, ink, "both", scale=1, gap=2,
                                                                                labels=False))))
    assert (tiles[:14, :28] == 0).all() and (tiles[14:28, :28] == 255).all()   # ink black, blank white (data page)
    with pytest.raises(ValueError, match="block"):
        model_figures.reconstruction_mosaic(values, values, "video")
    with pytest.raises(ValueError, match="must both be"):
        model_figures.reconstruction_mosaic(values, values[:, :, :1], "both")


@pytest.mark.parametrize("framework, depth", [("mixed", 1), ("mixed", 3), ("two_stage", 4)])
def test_architecture_diagram_has_every_layer(framework, depth):
    arch = models.architecture(framework, depth)
    spec = model_figures.architecture_diagram(arch).to_dict()
    nodes = spec["layer"][1]["data"]["values"]
    assert sorted(n["name"] for n in nodes) == sorted(["image", "audio", *(s.name for s in arch.layers)])
    assert len(spec["layer"][0]["data"]["values"]) == sum(len(s.inputs) for s in arch.layers)


@pytest.mark.slow
@pytest.mark.notebook
def test_model_chapter_runs_and_stores_its_network(tmp_path):
    tiny = {"EPOCHS": 3, "IMAGES_PER_DIGIT": 20, "DEPTH": 2}
    values = glued_run("paper1_model", tmp_path, tiny, tmp_path / "results")
    assert values["demo_run"].startswith("computed in this build")
    assert values["adadelta_lr"] == 1 and values["adadelta_rho"] == 0.95
    assert values["params_mixed"] == models.architecture("mixed", 2).n_params()
    assert values["demo_last_loss"] < values["demo_first_loss"]
    # paper 2's independent classifiers on the reconstructions (the real inputs: well above chance)
    assert values["demo_image_classifier"] > 90 and values["demo_audio_classifier"] > 30
    for name in ("image_from_sound", "sound_from_image"):
        assert 0 <= values[f"demo_{name}"] <= 100 and 0 <= values[f"demo_shown_{name}"] <= 10
    again = glued_run("paper1_model", tmp_path, tiny, tmp_path / "results", name="again")
    assert again["demo_run"].startswith("loaded from the stored run")
    with pytest.raises(ValueError, match="DEPTH"):
        chapters.run_chapter("paper1_model", tmp_path / "bad.ipynb", {"DEPTH": 5})


def test_mosaic_draws_spectrograms_on_viridis_and_images_in_grey():
    from PIL import Image

    values = np.zeros((3, 10, 2, 784))
    values[..., 0, :] = 1.0                                           # images full of ink, silent sounds
    image = np.asarray(Image.open(io.BytesIO(model_figures.reconstruction_mosaic(values, values, "both", scale=1,
                                                                                 labels=False))))
    assert image[0, 0].tolist() == [0, 0, 0]                          # first image row: black ink
    assert image[2 * 30, 0].tolist() == [68, 1, 84]                   # first spectrogram row: viridis at 0
