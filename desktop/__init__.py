"""Caseline desktop: the intake desk of Vietnam's child-protection line.

Copyright (C) 2026 the Caseline developers. GPL-3.0-or-later.
"""

__version__ = "0.1.0"
