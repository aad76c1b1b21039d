"""The names and sizes every part of the library shares, defined once (imports nothing).

Paper 1's design: two senses, two frameworks, two pairings; an image and a spectrogram are
both 784 values (28 x 28, or 14 x 56, flattened row-major); the two cross-modal directions
of shared-representation learning are named as the pages print them.
"""

#: values of one image or spectrogram, flattened
PIXELS = 784
#: an MNIST image, rows x columns
IMAGE_SHAPE = (28, 28)
#: the two senses of paper 1, in the order of the network's inputs and outputs
MODALITIES = ("image", "audio")
#: paper 1's two frameworks: inputs concatenated ("mixed"), or one tower each then a shared layer
FRAMEWORKS = ("mixed", "two_stage")
#: training pairing: the same digit in both senses, or the control with shuffled pairs
PAIRINGS = ("consistent", "inconsistent")
#: the three information analyses of paper 1: all test rows, image-only rows, audio-only rows
ANALYSIS_NAMES = ("all", "image", "audio")
#: the network states of paper 1's Fig. 2
TRAINING_STATES = ("before training", "inconsistent training", "consistent training")
#: the cross-modal directions (trained on one sense, tested on the other), as printed
DIRECTIONS = ("image → audio", "audio → image")
