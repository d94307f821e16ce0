"""causal: check the causal claims of a text, written as a case file, like a compiler checks code."""

__version__ = "0.1.0"
