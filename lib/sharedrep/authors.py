"""Paper 1's authors' own trained networks, mapped onto this library's architecture.

The authors published the Keras 2.0.9 weight files (HDF5) of the networks behind the paper,
untrained (epoch 0) and after the paper's 5,000 epochs: the mixed-input networks of depth 1,
2 and 4 with consistent and inconsistent pairing, and the two-stage network (consistent).
The depth-3 files could not be retrieved. The files are found and verified like the data
(:func:`sharedrep.data.sources.locate`, dataset ``"authors-p1"``: an explicit folder,
``$SHAREDREP_DATA``, ``../shared/data/authors-p1``, the user cache, then a download verified
by sha256). Their repository has no licence: the book uses them for analysis only and never
stores them; what it stores is what it computes from them.

How a file maps onto :func:`sharedrep.models.architecture`: the authors' ``src/models.py``
creates the dense layers in this order (Keras numbers them ``dense_<k>`` as it creates
them): mixed input: the encoder layers, then the image decoder (hidden layers, output),
then the audio decoder; two-stage: the image tower (3 layers), the audio tower (3 layers),
the shared layer, then the decoders as above. Sorting a file's dense layers by ``k`` gives
that order. Every kernel is ``[inputs, units]``, image inputs before audio inputs.
"""
from __future__ import annotations

import re

import numpy as np

from .conditions import ConditionKey
from .data.sources import locate
from .models.architecture import Architecture, architecture
from .validation import one_of

#: the networks the authors published, by condition, with the stem of their file names
NETWORKS = {
    ConditionKey("mixed", 1, "consistent"): "1layer_64_consistent",
    ConditionKey("mixed", 1, "inconsistent"): "1layer_64_inconsistent",
    ConditionKey("mixed", 2, "consistent"): "2layers_64_consistent",
    ConditionKey("mixed", 2, "inconsistent"): "2layers_64_inconsistent",
    ConditionKey("mixed", 4, "consistent"): "4layers_64_consistent",
    ConditionKey("mixed", 4, "inconsistent"): "4layers_64_inconsistent",
    ConditionKey("two_stage", 4, "consistent"): "4layers_64_Ngver_consistent",
}
#: the training states of each network: untrained, and after the paper's 5,000 epochs
EPOCHS = (0, 5000)


def file_name(key: ConditionKey, epoch: int) -> str:
    """The weight file of the authors' network ``key`` at ``epoch`` (0 or 5000)."""
    one_of("network", key, tuple(NETWORKS))
    one_of("epoch", epoch, EPOCHS)
    return f"{NETWORKS[key]}_itr_{epoch}.weights"


def creation_order(arch: Architecture) -> list[str]:
    """The library's layer names in the order the authors' code creates its dense layers."""
    if arch.framework == "mixed":
        return [spec.name for spec in arch.layers]
    towers = [f"enc{k}_{modality}" for modality in ("image", "audio") for k in range(1, arch.depth)]
    rest = [spec.name for spec in arch.layers if spec.name not in towers]
    return towers + rest


def read_dense_layers(path) -> list[tuple[np.ndarray, np.ndarray]]:
    """``[(kernel [inputs, units], bias [units])]`` of a Keras 2 weight file's dense layers,
    in the order Keras created them (by the number in ``dense_<k>``), as float32."""
    import h5py

    with h5py.File(path, "r") as handle:
        names = [n.decode() if isinstance(n, bytes) else str(n) for n in handle.attrs["layer_names"]]
        dense = sorted((n for n in names if re.fullmatch(r"dense_\d+", n)), key=lambda n: int(n.split("_")[1]))
        layers = []
        for name in dense:
            group = handle[name][name]
            layers.append((np.asarray(group["kernel:0"], np.float32), np.asarray(group["bias:0"], np.float32)))
    return layers


def load(key: ConditionKey, epoch: int = 5000, data_dir=None, download: bool | None = None
         ) -> tuple[Architecture, dict[str, np.ndarray]]:
    """The authors' network ``key`` at ``epoch``: its architecture and its weights under the
    library's names (``"<layer>/kernel"`` ``[inputs, units]``, ``"<layer>/bias"``), ready for
    :func:`sharedrep.models.encode` and :func:`sharedrep.models.forward`.

    Raises ValueError for a network the authors did not publish, DataNotFoundError /
    DataIntegrityError (see :func:`sharedrep.data.sources.locate`) for a missing or damaged file.
    """
    (path,) = locate("authors-p1", [file_name(key, epoch)], data_dir=data_dir, download=download)
    arch = architecture(key.framework, key.depth)
    order = creation_order(arch)
    layers = read_dense_layers(path)
    if len(layers) != len(order):
        raise ValueError(f"{path.name} holds {len(layers)} dense layers; the {key.label} network has {len(order)}")
    shapes = arch.weight_shapes()
    weights = {}
    for name, (kernel, bias) in zip(order, layers):
        if kernel.shape != shapes[f"{name}/kernel"] or bias.shape != shapes[f"{name}/bias"]:
            raise ValueError(f"{path.name}: layer {name} has kernel {kernel.shape} and bias {bias.shape}; "
                             f"the architecture expects {shapes[f'{name}/kernel']} and {shapes[f'{name}/bias']}")
        weights[f"{name}/kernel"], weights[f"{name}/bias"] = kernel, bias
    return arch, weights
