"""Preview playback on QtMultimedia."""
