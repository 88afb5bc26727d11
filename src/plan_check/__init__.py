"""plan-check: check reported figures against a work plan's measurable goals."""

__version__ = "0.1.0"
