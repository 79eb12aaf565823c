"""Estimate what an AI workload will cost before it ships."""

__version__ = "0.1.0"
