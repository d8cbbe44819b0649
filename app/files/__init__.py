"""Files the app shares with other processes: atomic writes, advisory locks, keeping bad files aside.

Qt-free and below every other layer, so the settings, the basket and the embedded store use the
same three tools instead of a copy each.
"""
