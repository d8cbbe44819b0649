"""Run by the system python3 (python3-pyatspi exists only for it) in the AT-SPI end-to-end test:
what a screen reader meets in the app, through the real accessibility bus.

    atspi_walk.py walk APP      JSON: the showing interactive objects without a name
    atspi_walk.py focus APP     JSON: the focused object's role and name, and its ancestors' names
    atspi_walk.py tab APP N NAME  JSON: presses Tab (XTest) up to N times, until focus is inside NAME
"""
import json
import sys
import time

import pyatspi

INTERACTIVE = {pyatspi.ROLE_PUSH_BUTTON, pyatspi.ROLE_TOGGLE_BUTTON, pyatspi.ROLE_CHECK_BOX,
               pyatspi.ROLE_RADIO_BUTTON, pyatspi.ROLE_COMBO_BOX, pyatspi.ROLE_ENTRY, pyatspi.ROLE_TEXT,
               pyatspi.ROLE_PASSWORD_TEXT, pyatspi.ROLE_SLIDER, pyatspi.ROLE_SPIN_BUTTON, pyatspi.ROLE_TABLE,
               pyatspi.ROLE_LIST, pyatspi.ROLE_TREE, pyatspi.ROLE_TREE_TABLE, pyatspi.ROLE_TABLE_CELL,
               pyatspi.ROLE_LIST_ITEM, pyatspi.ROLE_PAGE_TAB, pyatspi.ROLE_LINK, pyatspi.ROLE_SCROLL_BAR,
               pyatspi.ROLE_MENU_ITEM, pyatspi.ROLE_TABLE_COLUMN_HEADER}
MAX_CHILDREN = 60


def the_app(name_part):
    desktop = pyatspi.Registry.getDesktop(0)
    for _ in range(100):
        for app in desktop:
            if app is not None and name_part in (app.name or ""):
                return app
        time.sleep(0.1)
    return None


def walk(node, path, found, counts, depth=0):
    if node is None or depth > 40:
        return
    try:
        states = node.getState()
        role, name = node.getRole(), (node.name or "").strip()
        count = node.childCount
    except Exception:  # noqa: BLE001 (an object gone while walking: pyatspi raises several kinds)
        return
    if not states.contains(pyatspi.STATE_SHOWING):
        return
    here = f"{path}/{node.getRoleName()}"
    if role in INTERACTIVE:
        counts[0] += 1
        if not name:
            found.append(here)
    for number in range(min(count, MAX_CHILDREN)):
        try:
            child = node.getChildAtIndex(number)
        except Exception:  # noqa: BLE001, S112 (gone while walking)
            continue
        walk(child, here, found, counts, depth + 1)


ITEMS = {pyatspi.ROLE_PAGE_TAB, pyatspi.ROLE_TABLE_CELL, pyatspi.ROLE_LIST_ITEM, pyatspi.ROLE_TREE_ITEM}


def focused(node, found, depth=0):
    """The showing objects with the focused state. Qt marks a view's current item and the current
    tab focused even while their view is not: those count only when nothing else is focused."""
    if node is None or depth > 40:
        return found
    try:
        states = node.getState()
        if not states.contains(pyatspi.STATE_SHOWING):
            return found
        if states.contains(pyatspi.STATE_FOCUSED):
            found.append(node)
        count = node.childCount
    except Exception:  # noqa: BLE001 (gone while walking)
        return found
    for number in range(min(count, MAX_CHILDREN)):
        try:
            focused(node.getChildAtIndex(number), found, depth + 1)
        except Exception:  # noqa: BLE001, S112 (gone while walking)
            continue
    return found


def focus_of(app):
    found = []
    for window in app:
        focused(window, found)
    plain = [node for node in found if node.getRole() not in ITEMS]
    return (plain or found or [None])[-1]


def ancestor_names(node):
    names, parent = [], node.parent if node is not None else None
    while parent is not None and len(names) < 30:
        names.append(parent.name or "")
        parent = parent.parent
    return names


def main():
    app = the_app(sys.argv[2] if len(sys.argv) > 2 else "python")
    if app is None:
        names = [a.name for a in pyatspi.Registry.getDesktop(0) if a is not None]
        print(json.dumps({"error": f"app not on the bus (there: {names})"}))
        return 1
    if sys.argv[1] == "tab":
        # Real key presses (XTest, through the registry), as a keyboard user's: where focus goes,
        # until it is inside the object named argv[4].
        trail = []
        for _ in range(int(sys.argv[3])):
            pyatspi.Registry.generateKeyboardEvent(0xff09, None, pyatspi.KEY_SYM)
            time.sleep(0.15)
            node = focus_of(app)
            inside = sys.argv[4] in ancestor_names(node)
            trail.append([node.getRoleName() if node else None, node.name if node else None, inside])
            if inside:
                break
        print(json.dumps({"trail": trail}))
    elif sys.argv[1] == "walk":
        found, counts = [], [0]
        for window in app:
            walk(window, "", found, counts)
        print(json.dumps({"unnamed": found, "interactive": counts[0]}))
    else:
        node = focus_of(app)
        print(json.dumps({"role": node.getRoleName() if node else None, "name": node.name if node else None,
                          "ancestors": ancestor_names(node)}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
