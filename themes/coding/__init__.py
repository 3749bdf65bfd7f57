"""Coding feedback with themes and sentiment: the queue, provenance, agreement and model training."""
