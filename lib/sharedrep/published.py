"""Numbers the two papers publish, to put beside ours. Typed once, here, from the papers
and the reproduction spec (``shared/spec/reproduction.md``, "Published numbers"); the
book glues them from this module and never types them in a chapter.
"""
from __future__ import annotations

import numpy as np

from .conditions import TWO_STAGE, mixed

# --- Paper 1: bimodal autoencoder ---------------------------------------------------

#: Table 1: response counts of stimuli A-D in three bins (100 trials each)
TABLE1_COUNTS = np.array([[3, 17, 80], [68, 31, 1], [73, 25, 2], [65, 12, 23]])
TABLE1_LETTERS = ("A", "B", "C", "D")
#: Table 1's information per stimulus, bits, as printed in the paper (the full sum, Eq. 4)
TABLE1_BITS = (1.097, 0.380, 0.336, 0.059)

#: selectivity thresholds, bits (80th percentile of the trained depth-4 consistent network,
#: computed with the authors' positive-terms variant, then held fixed)
THRESHOLD_IMAGE = 0.96
THRESHOLD_AUDIO = 0.94
#: the same thresholds as the authors' src/analysis.py holds them, unrounded
THRESHOLD_IMAGE_EXACT = 0.9629458012826149
THRESHOLD_AUDIO_EXACT = 0.9440938

#: consistent (shared) cells in the last encoding layer (single stored runs): mixed input at
#: depth 1..4 after consistent and inconsistent training, and the two-stage network
CONSISTENT_CELLS = {**{mixed(d, "consistent"): n for d, n in zip((1, 2, 3, 4), (7, 13, 26, 29))},
                    **{mixed(d, "inconsistent"): n for d, n in zip((1, 2, 3, 4), (1, 0, 0, 2))},
                    TWO_STAGE: 17}
#: [visual-only, audio-only, inconsistent, consistent] counts, mixed input after consistent
#: training (the paper's Fig. 4) and the two-stage network; the inconsistent-training rows are
#: the authors' plotting script's (src/plotting/plotSelectivityDistribution.py,
#: ``differentLayers_inconsistent``), whose last column is the paper's 1, 0, 0, 2
CELL_TYPE_COUNTS = {mixed(1): (10, 24, 3, 7), mixed(2): (3, 16, 17, 13), mixed(3): (16, 3, 15, 26),
                    mixed(4): (12, 3, 9, 29), TWO_STAGE: (14, 9, 16, 17),
                    mixed(1, "inconsistent"): (12, 21, 4, 1), mixed(2, "inconsistent"): (20, 17, 7, 0),
                    mixed(3, "inconsistent"): (28, 7, 22, 0), mixed(4, "inconsistent"): (33, 9, 13, 2)}
#: shared-representation accuracy [test image, test audio] by (condition, trained on)
SHARED_ACCURACY = {
    (mixed(4, "consistent"), "image"): (0.932, 0.346),
    (mixed(4, "consistent"), "audio"): (0.442, 0.592),
    (mixed(4, "inconsistent"), "image"): (0.932, 0.100),
    (mixed(4, "inconsistent"), "audio"): (0.072, 0.628),
    (TWO_STAGE, "image"): (0.922, 0.218),
    (TWO_STAGE, "audio"): (0.228, 0.740),
}
#: the same accuracies for the mixed-input network of every depth (single networks), from the
#: authors' plotting script (src/plotting/plotSharedRepLearning.py, the ``*_diffStruct_*`` arrays,
#: rounded to 3 decimals); depth 4 is the paper's SHARED_ACCURACY above
SHARED_ACCURACY_BY_DEPTH = {
    **{(mixed(d, "consistent"), "image"): v for d, v in
       zip((1, 2, 3, 4), ((0.936, 0.426), (0.912, 0.526), (0.904, 0.532), (0.932, 0.346)))},
    **{(mixed(d, "consistent"), "audio"): v for d, v in
       zip((1, 2, 3, 4), ((0.264, 0.718), (0.604, 0.706), (0.610, 0.694), (0.442, 0.592)))},
    **{(mixed(d, "inconsistent"), "image"): v for d, v in
       zip((1, 2, 3, 4), ((0.940, 0.098), (0.930, 0.126), (0.898, 0.074), (0.932, 0.100)))},
    **{(mixed(d, "inconsistent"), "audio"): v for d, v in
       zip((1, 2, 3, 4), ((0.074, 0.742), (0.090, 0.710), (0.054, 0.612), (0.072, 0.628)))},
}
#: mixed input vs two-stage, t-test on shared-representation accuracy (Figs. 5B3, 5C3): p below
SHARED_T_TEST_P_BELOW = {"image → audio": 0.05, "audio → image": 0.005}
#: statistics reported in the text
ANOVA_DEPTH = {"F": 156.24, "df": (3, 36)}
T_TEST_P_BELOW = 0.0005

# --- Paper 2: multimodal DBN with back-fitting ------------------------------------

#: percent error, overall, reconstructing (target channel) from (input channel);
#: motor values are mean distances per coordinate in the paper's units (correct below 2.2)
DBN_ERROR = {
    ("class", "image"): 4.1, ("class", "audio"): 14, ("class", "motor"): 0,
    ("image", "class"): 0, ("image", "audio"): 19, ("image", "motor"): 0,
    ("audio", "class"): 0, ("audio", "image"): 19, ("audio", "motor"): 11,
}
DBN_MOTOR_DISTANCE = {"class": 1.43, "image": 1.63, "audio": 1.92}
#: Tables 1-4 per digit 0..9: {(target, input): [10 values]} (percent error; motor: mean
#: distance in the paper's units). The overall values are in DBN_ERROR / DBN_MOTOR_DISTANCE.
DBN_BY_DIGIT = {
    ("class", "image"): [3, 6, 4, 8, 4, 2, 4, 0, 8, 2],
    ("class", "audio"): [12, 26, 10, 19, 16, 15, 1, 14, 3, 24],
    ("class", "motor"): [0] * 10,
    ("image", "class"): [0] * 10,
    ("image", "audio"): [26, 16, 14, 10, 33, 24, 2, 21, 16, 24],
    ("image", "motor"): [0] * 10,
    ("audio", "class"): [0] * 10,
    ("audio", "image"): [20, 20, 5, 25, 40, 10, 5, 20, 5, 35],
    ("audio", "motor"): [0, 0, 0, 0, 20, 90, 0, 0, 0, 0],
    ("motor", "class"): [0.91, 2.05, 1.33, 1.90, 1.40, 1.56, 1.2, 1.64, 1.00, 1.32],
    ("motor", "image"): [1.01, 2.16, 1.55, 2.06, 1.87, 1.69, 1.29, 1.69, 1.64, 1.33],
    ("motor", "audio"): [1.93, 2.52, 1.84, 2.26, 2.48, 1.84, 1.28, 2.07, 1.39, 1.58],
}
DBN_MOTOR_THRESHOLD = 2.2
#: the paper's "additional experiment" with only the image and audio channels: percent error
#: reconstructing the image channel from the audio channel
DBN_TWO_CHANNEL_IMAGE_FROM_AUDIO = 17
DBN_HOURS_PER_RUN = 37.5  # per cross-validation run, two i7 cores
DBN_IMAGE_CLASSIFIER_ACCURACY = 0.99
DBN_AUDIO_CLASSIFIER_ACCURACY = 0.93
