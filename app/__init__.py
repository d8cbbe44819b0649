"""A desktop browser for the 7digital music store."""

__version__ = "0.1.0"
