"""bialign: check that the English and Chinese versions of a document say the same thing."""

__version__ = "0.1.0"
