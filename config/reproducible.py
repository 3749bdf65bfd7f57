"""One BLAS instruction set on every x86 processor, so that a model trained anywhere is the same model.

OpenBLAS picks its kernels by processor at load time, and kernels for different instruction sets
round differently in the last bit. The theme and sentiment models are trained with solvers that call
BLAS (scikit-learn's saga and liblinear), and the sentiment model's second stage turns those last
bits into different trees: the same data gave sentiment macro F1 0.667 with AVX-512 kernels and
0.649 with AVX2 ones. Pinning the AVX2 ("Haswell") kernels, which every x86 server of the last ten
years runs (Intel from Haswell, AMD from Zen), makes training reproducible across them.

It must run before numpy is first imported (the entry points call it first); an explicit
OPENBLAS_CORETYPE in the environment wins, and other processors are left alone.
"""

from __future__ import annotations

import os
import platform
from collections.abc import MutableMapping
from pathlib import Path

BASELINE = "Haswell"
NEEDS = ("avx2", "fma")


def pin_blas_kernels(
    environ: MutableMapping[str, str] = os.environ,
    machine: str | None = None,
    cpuinfo: Path = Path("/proc/cpuinfo"),
) -> bool:
    """Ask OpenBLAS for its AVX2 kernels when this processor has them. True if it was asked."""
    if "OPENBLAS_CORETYPE" in environ:
        return False
    if (machine or platform.machine()).lower() not in ("x86_64", "amd64"):
        return False
    try:
        flags = next((line for line in cpuinfo.read_text().splitlines() if line.startswith("flags")), "")
    except OSError:
        return False
    if not all(flag in flags.split() for flag in NEEDS):
        return False
    environ["OPENBLAS_CORETYPE"] = BASELINE
    return True
