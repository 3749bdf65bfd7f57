"""Training gives the same model on every recent x86 processor: OpenBLAS is asked for one set of kernels."""

import json
import os
import subprocess
import sys
from pathlib import Path

from config.reproducible import BASELINE, pin_blas_kernels

REPO = Path(__file__).resolve().parents[3]


def cpuinfo(tmp_path, flags):
    path = tmp_path / "cpuinfo"
    path.write_text(f"processor\t: 0\nmodel name\t: Some CPU\nflags\t\t: fpu sse2 {flags} ht\n")
    return path


def test_the_avx2_kernels_are_asked_for_only_where_they_run_and_nobody_chose_otherwise(tmp_path):
    both = cpuinfo(tmp_path, "avx avx2 fma")
    environ = {}
    assert pin_blas_kernels(environ, machine="x86_64", cpuinfo=both) and environ == {"OPENBLAS_CORETYPE": BASELINE}
    chosen = {"OPENBLAS_CORETYPE": "SkylakeX"}
    assert not pin_blas_kernels(chosen, machine="x86_64", cpuinfo=both) and chosen["OPENBLAS_CORETYPE"] == "SkylakeX"
    for machine, info in (
        ("aarch64", both),
        ("x86_64", cpuinfo(tmp_path, "avx")),  # an old processor without AVX2
        ("x86_64", tmp_path / "missing"),
    ):
        environ = {}
        assert not pin_blas_kernels(environ, machine=machine, cpuinfo=info) and environ == {}


def test_numpy_and_scipy_load_the_kernels_asked_for():
    code = (
        "from config.reproducible import pin_blas_kernels\n"
        "asked = pin_blas_kernels()\n"
        "import json, numpy, scipy.linalg, threadpoolctl\n"
        "found = [i.get('architecture') for i in threadpoolctl.threadpool_info() if i['internal_api'] == 'openblas']\n"
        "print(json.dumps([asked, found]))\n"
    )
    environ = {k: v for k, v in os.environ.items() if k != "OPENBLAS_CORETYPE"}
    out = subprocess.run(  # noqa: S603 (this interpreter, this code)
        [sys.executable, "-c", code], cwd=REPO, env=environ, capture_output=True, text=True, check=True
    )
    asked, found = json.loads(out.stdout)
    assert len(found) == 2  # numpy's OpenBLAS and scipy's
    if asked:
        assert found == [BASELINE, BASELINE]
