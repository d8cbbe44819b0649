# The two commands of the README: `make run` and `make test`. Both create .venv when missing.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP_RUN := $(VENV)/.installed-run
STAMP_TEST := $(VENV)/.installed-test
PYTEST_ARGS ?=

.PHONY: run test install install-test bench sandbox wheel bundle install-desktop icons translations clean

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(STAMP_RUN): pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e .
	touch $@

$(STAMP_TEST): pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@ $(STAMP_RUN)

install: $(STAMP_RUN)
install-test: $(STAMP_TEST)

run: $(STAMP_RUN)
	$(PY) -m app

test: $(STAMP_TEST)
	QT_QPA_PLATFORM=offscreen QT_LOGGING_RULES="qt.multimedia.symbolsresolver=false" \
		$(PY) -m pytest $(PYTEST_ARGS)

sandbox: $(STAMP_RUN)
	$(PY) -m app.sandbox

bench: $(STAMP_TEST)
	for script in bench/*.py; do echo "== $$script"; QT_QPA_PLATFORM=offscreen $(PY) $$script || exit 1; done

wheel: $(STAMP_RUN)
	$(PY) -m pip wheel --quiet --no-deps -w dist .

# A one-folder PyInstaller bundle in dist/sevendigital-browser (spec under packaging/; gcc, binutils and
# icupkg from icu-devtools bring it from ~280 to ~147 MiB), then checked: it starts offscreen and plays a preview.
bundle: $(STAMP_TEST)
	$(PY) -m pip install --quiet pyinstaller
	$(PY) -m PyInstaller --noconfirm --distpath dist --workpath build/pyinstaller packaging/sevendigital-browser.spec
	$(PY) packaging/bundle_smoke.py dist/sevendigital-browser   # starts it, plays a preview

# Desktop entry, AppStream metainfo and icons into the XDG places (default: the user's ~/.local).
PREFIX ?= $(HOME)/.local
APP_ID := net.sevendigitalbrowser.Browser
install-desktop:
	install -Dm644 packaging/$(APP_ID).desktop $(DESTDIR)$(PREFIX)/share/applications/$(APP_ID).desktop
	install -Dm644 packaging/$(APP_ID).metainfo.xml $(DESTDIR)$(PREFIX)/share/metainfo/$(APP_ID).metainfo.xml
	install -Dm644 resources/icons/$(APP_ID).svg $(DESTDIR)$(PREFIX)/share/icons/hicolor/scalable/apps/$(APP_ID).svg
	for dir in resources/icons/hicolor/*x*; do \
		size=$$(basename $$dir); \
		install -Dm644 $$dir/apps/$(APP_ID).png $(DESTDIR)$(PREFIX)/share/icons/hicolor/$$size/apps/$(APP_ID).png; \
	done
	if command -v update-desktop-database >/dev/null; then update-desktop-database $(DESTDIR)$(PREFIX)/share/applications; fi
	if command -v gtk-update-icon-cache >/dev/null; then gtk-update-icon-cache -qtf $(DESTDIR)$(PREFIX)/share/icons/hicolor || true; fi

# Extract the tr() strings (pyside6-lupdate) into packaging/translations/*.ts, compile resources/translations/*.qm.
translations: $(STAMP_RUN)
	$(PY) packaging/update_translations.py

icons: $(STAMP_RUN)
	QT_QPA_PLATFORM=offscreen $(PY) packaging/make_icons.py

clean:
	rm -rf $(VENV) build dist *.egg-info
