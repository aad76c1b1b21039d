"""One colour per thing, for the whole book: a condition, a cell type, a modality or a
channel is drawn in the same colour on every page (Tableau 10 hues, as altair's default)."""

BLUE, ORANGE, RED, TEAL, GREEN, YELLOW, PURPLE, PINK, BROWN, GREY = (
    "#4c78a8", "#f58518", "#e45756", "#72b7b2", "#54a24b", "#eeca3b", "#b279a2", "#ff9da6", "#9d755d", "#bab0ac")

#: the two senses of paper 1 (and their channels in paper 2)
MODALITY_COLORS = {"image": BLUE, "audio": ORANGE}
#: training pairing: consistent (same digit in both senses) against the inconsistent control
PAIRING_COLORS = {"consistent": GREEN, "inconsistent": RED}
#: paper 1's four cell types
TYPE_COLORS = {"visual": BLUE, "audio": ORANGE, "inconsistent": BROWN, "consistent": GREEN}
#: paper 2's channels
CHANNEL_COLORS = {"image": BLUE, "audio": ORANGE, "motor": GREEN, "class": PURPLE, "associative": RED}
#: encoder depth 1..4, light teal to dark blue (ColorBrewer YlGnBu: lightness and hue both
#: change, so that neighbouring depths stay apart)
DEPTH_COLORS = {1: "#7fcdbb", 2: "#41b6c4", 3: "#2c7fb8", 4: "#253494"}
#: paper 2's system before and after back-fitting
BACKFIT_COLORS = {"before": "#bbbbbb", "after": RED}
#: a published value beside the book's own
PAPER = "#bbbbbb"
OURS = BLUE
#: paper 2's motor channel: a digit's template (the reference) and what is drawn (noisy
#: inputs, reconstructions), the same on every page
TEMPLATE = "#aaaaaa"
DRAWING = CHANNEL_COLORS["motor"]
