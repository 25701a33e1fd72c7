"""The PySide6 desktop app: the only package that imports Qt. It reaches the core through
`desktop.services` only (the import contract in pyproject.toml)."""
