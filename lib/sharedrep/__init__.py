"""sharedrep: the library behind the book *Shared representations from several senses*.

Modules
-------
data        real MNIST and FSDD loading (verified), spectrograms, the bimodal dataset
info        single-cell information analysis (Rolls et al.), cell types, significance
"""
from importlib.metadata import PackageNotFoundError
from importlib.metadata import version as _version

try:
    __version__ = _version("sharedrep")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0.0.0+unknown"
