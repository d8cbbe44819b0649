"""Entry script for the PyInstaller bundle (the wheel uses the `sevendigital-browser` entry point)."""
import sys

from app.main import main

if __name__ == "__main__":
    sys.exit(main())
