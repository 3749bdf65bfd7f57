"""Urgent-flag detector: spots feedback suggesting abuse, neglect, harm,
self-harm or suicide risk, danger to others or another safeguarding risk.

Pure Python (no Django). Use :func:`assess`.
"""

from .detector import LABELS, UrgentAssessment, assess, assess_many

__all__ = ["LABELS", "UrgentAssessment", "assess", "assess_many"]
