"""QtCore/QtGui services that adapt the Qt-free api to the GUI thread."""
