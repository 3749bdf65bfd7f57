"""The demo organisation: realistic, deterministic from a seed, and scalable for benchmarks.

Built through the same services people use, so the audit log tells the story of its set-up.
"""

from organisations.demo._common import DEMO_PASSWORD, DEMO_SLUGS, DemoLogin, DemoResult
from organisations.demo.build import demo_build
from organisations.demo.reset import demo_reset

__all__ = ["DEMO_PASSWORD", "DEMO_SLUGS", "DemoLogin", "DemoResult", "demo_build", "demo_reset"]
