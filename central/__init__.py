"""Caseline central: the central line's sync server. GPL-3.0-or-later."""

__version__ = "0.1.0"
