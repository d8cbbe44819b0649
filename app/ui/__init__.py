"""Widgets: the main window and its views. They talk to models and services only."""
