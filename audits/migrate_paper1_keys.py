"""One-off migration (2026-12-06): the paper-1 conditions gained three training parameters
(adadelta_epsilon, audio_recipe, seed_scheme). The stored runs were computed with
1e-7, "float" and "offset" (the code before that commit had no other choice); this adds
those values to their parameters, so their keys change, and renames their files. The
arrays are untouched (same sha256). Kept for the record; running it again changes nothing.
"""
import json
import sys
from pathlib import Path

from sharedrep import results

ADDED = {"adadelta_epsilon": 1e-7, "audio_recipe": "float", "seed_scheme": "offset"}
folder = Path(sys.argv[1] if len(sys.argv) > 1 else "results") / "paper1"
for meta in sorted(folder.glob("*.json")):
    provenance = json.loads(meta.read_text())
    if set(ADDED) <= set(provenance["parameters"]):
        continue
    provenance["parameters"] = dict(sorted({**provenance["parameters"], **ADDED}.items()))
    key = results.result_key("paper1", provenance["parameters"], provenance["algorithm"])
    provenance["key"] = key
    provenance.setdefault("code", {})["migrated"] = (
        "2026-12-06: parameters adadelta_epsilon=1e-7, audio_recipe='float', seed_scheme='offset' added "
        "(the only values the code that computed this run had); the key changed with them, the arrays did not")
    meta.with_suffix(".npz").rename(folder / f"{key}.npz")
    (folder / f"{key}.json").write_text(json.dumps(provenance, indent=1, sort_keys=False) + "\n")
    meta.unlink()
    print(meta.stem, "->", key)
