"""Let aiortc offer a 127.0.0.1 ICE candidate.

aioice skips the loopback address when it lists host candidates, so a browser and a server on the
same machine without any other interface (a CI sandbox, a kiosk talking to localhost) never
connect. Enabled for servers bound to a loopback address, and by tests.
"""

from __future__ import annotations

import aioice.ice

_original = aioice.ice.get_host_addresses


def _with_loopback(use_ipv4: bool, use_ipv6: bool) -> list[str]:
    addresses = _original(use_ipv4, use_ipv6)
    if use_ipv4 and "127.0.0.1" not in addresses:
        addresses.insert(0, "127.0.0.1")
    return addresses


def enable_loopback_candidates() -> None:
    aioice.ice.get_host_addresses = _with_loopback
