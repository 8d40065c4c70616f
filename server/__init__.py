"""Signaling server (aiohttp), session wiring and the command line."""
