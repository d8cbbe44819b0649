"""Qt-free settings: where files live and the one settings store."""
