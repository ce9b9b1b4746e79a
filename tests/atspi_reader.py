"""Read one application's accessibility tree through AT-SPI, as a screen reader does, and print it as JSON.

Run by the SYSTEM Python (/usr/bin/python3), which has pyatspi (Debian: python3-pyatspi); tests/atspi_driver.py
runs it while the app answers on the same session bus.

    /usr/bin/python3 tests/atspi_reader.py APPLICATION-NAME
"""

import json
import sys
import time

import pyatspi

STATES = {"focusable": pyatspi.STATE_FOCUSABLE, "showing": pyatspi.STATE_SHOWING, "enabled": pyatspi.STATE_ENABLED,
          "focused": pyatspi.STATE_FOCUSED}


def application(name: str, wait_s: float = 20.0):
    deadline = time.monotonic() + wait_s
    while time.monotonic() < deadline:
        desktop = pyatspi.Registry.getDesktop(0)
        for index in range(desktop.childCount):
            app = desktop.getChildAtIndex(index)
            if app is not None and app.name == name and app.childCount:
                return app
        time.sleep(0.2)
    raise SystemExit(f"no application {name!r} on the accessibility bus")


def walk(node, path: str, out: list) -> None:
    states = node.getState()
    try:
        ident = node.accessibleId or ""  # Qt gives its objectName path, which says which widget a node is
    except Exception:  # an older AT-SPI without the property
        ident = ""
    out.append({"path": path, "id": ident, "role": node.getRoleName(), "name": node.name or "",
                "description": node.description or "",
                **{key: states.contains(value) for key, value in STATES.items()}})
    for index in range(node.childCount):
        child = node.getChildAtIndex(index)
        if child is not None:
            walk(child, f"{path}/{child.getRoleName()}[{index}]", out)


if __name__ == "__main__":
    nodes: list = []
    walk(application(sys.argv[1]), "", nodes)
    print(json.dumps(nodes, ensure_ascii=False))
