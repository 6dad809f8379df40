"""A browser's User-Agent header in a few words ("Chrome 126 · Windows"), for the login
history. Pure functions."""

import re

_BROWSERS = (  # the first that matches names the browser (Edge and Opera claim Chrome too)
    ("Edge", r"Edg(?:e|A|iOS)?/(\d+)"),
    ("Opera", r"OPR/(\d+)"),
    ("WeChat", r"MicroMessenger/(\d+)"),
    ("Firefox", r"(?:Firefox|FxiOS)/(\d+)"),
    ("Chrome", r"(?:Chrome|CriOS)/(\d+)"),
    ("Safari", r"Version/(\d+).*Safari/"),
)
_SYSTEMS = (
    ("Android", r"Android"),
    ("iOS", r"iPhone|iPad|iPod"),
    ("Windows", r"Windows"),
    ("macOS", r"Mac OS X|Macintosh"),
    ("Linux", r"Linux|X11"),
)


def user_agent_summary(header: str, *, limit: int = 60) -> str:
    """Browser and version, then the operating system; the header cut short when neither
    is recognised."""
    parts = []
    for name, pattern in _BROWSERS:
        match = re.search(pattern, header)
        if match:
            parts.append(f"{name} {match.group(1)}")
            break
    for name, pattern in _SYSTEMS:
        if re.search(pattern, header):
            parts.append(name)
            break
    if parts:
        return " · ".join(parts)
    return header if len(header) <= limit else header[: limit - 1] + "…"
