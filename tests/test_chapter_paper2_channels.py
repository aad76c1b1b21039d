"""Paper 2's channel chapter (real data, no training) and its figures."""
import numpy as np
import pytest

from sharedrep import chapters, dbn
from sharedrep.viz import dbn_figures


def test_channel_sizes_and_diagram():
    sizes = dbn_figures.channel_sizes({"image": 784, "class": 10}, {"image": (700, 300), "class": ()})
    assert sizes == {"image": (784, 700, 300), "class": (10,)}
    spec = dbn_figures.dbn_diagram(sizes, 50).to_dict()
    labels = [n["label"] for n in spec["layer"][1]["data"]["values"]]
    assert labels == ["784", "700", "300", "10", "associative memory 50"]
    with pytest.raises(ValueError, match="same channels"):
        dbn_figures.channel_sizes({"image": 784}, {"audio": (700,)})


def test_motor_drawings_and_config_table():
    digits = np.repeat(np.arange(10), 2)
    chart = dbn_figures.motor_drawings(dbn.templates(), dbn.motor_examples(digits), digits).to_dict()
    assert len(chart["data"]["values"]) == (10 + 20) * 7
    with pytest.raises(ValueError, match="templates must be"):
        dbn_figures.motor_drawings(dbn.templates()[:3], dbn.motor_examples(digits), digits)
    listed = dbn.DBNConfig().settings_list()
    assert listed.count("\n") == len(dbn.DBNConfig.__dataclass_fields__) - 1 and "- `max_sweeps` = 30;" in listed
    assert set(dbn.PAPER_SAYS) == set(dbn.DBNConfig.__dataclass_fields__)      # every setting accounted for
    assert "- `layers` = image 700, 300; audio 700, 400" in listed and "gives them" in listed
    assert "`associative_epochs` = the same as `epochs`" in listed and "{" not in listed and "None" not in listed


@pytest.mark.slow
@pytest.mark.notebook
def test_channels_chapter(tmp_path):
    values = chapters.glued_values(chapters.run_chapter("paper2_channels", tmp_path / "out.ipynb",
                                                        {"HELD_OUT": "jackson", "EXAMPLES_PER_DIGIT": 1}))
    assert (values["n_train"], values["n_test"], values["n_recordings"]) == (2_500, 500, 3_000)
    assert "jackson" not in values["train_speakers"] and values["held_out"] == "jackson"
    assert values["n_audio"] == dbn.N_AUDIO and values["assoc_visible"] == 810
    assert values["noise_distance"] < values["motor_threshold"] < values["template_separation"]
    with pytest.raises(ValueError, match="HELD_OUT"):
        chapters.run_chapter("paper2_channels", tmp_path / "bad.ipynb", {"HELD_OUT": "alice"})
