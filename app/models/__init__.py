"""Qt item models, one per list the UI shows."""
