"""The embedded store: a local emulator of the 7digital API on loopback. Imports no Qt."""
