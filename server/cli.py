"""``silver-avatar`` command line. Subcommands live next to the code they drive and are imported lazily
so that ``silver-avatar ask`` does not pay for loading the avatar or the web server."""

from __future__ import annotations

import importlib
import sys

#: subcommand -> ("module:function", help). Each function takes ``argv: list[str]`` and returns an exit code.
COMMANDS: dict[str, tuple[str, str]] = {
    "serve": ("server.serve_cmd:main", "start the signaling + media server"),
    "ask": ("server.ask_cmd:main", "ask the dialogue engine questions (text in, JSON out)"),
    "eval-retrieval": ("models.retrieval.cli:eval_main", "compare retrievers on the held-out split"),
    "train-retriever": ("models.retrieval.cli:train_main", "train the Poly-encoder head on the knowledge base"),
    "eval-filter": ("models.text_filter.cli:eval_main", "precision/recall of the abusive-language filter"),
    "eval-understanding": ("models.understanding.evaluate:main", "answer, then report the blind understanding set by kind"),
    "train-tts": ("models.tts.cli:train_main", "train or fine-tune an ESPnet JETS voice from a KSS-style corpus"),
    "contact-sheet": ("avatar.cli:contact_sheet_main", "render a contact sheet PNG and MP4 of the avatar"),
    "train-radnerf": ("avatar.radnerf.cli:train_main", "train a RAD-NeRF talking head from a video"),
    "cluster": ("server.cluster.status_cmd:main", "status of a Ray cluster's nodes, workers and sessions"),
    "purge-logs": ("server.privacy_cmd:purge_main", "delete stored conversation logs past retention"),
}


def _usage() -> str:
    lines = ["usage: silver-avatar <command> [options]", "", "commands:"]
    lines += [f"  {name:<16} {help_}" for name, (_, help_) in COMMANDS.items()]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0] in {"-h", "--help"}:
        print(_usage())
        return 0 if argv else 2
    name, rest = argv[0], argv[1:]
    if name not in COMMANDS:
        print(f"silver-avatar: unknown command {name!r}\n\n{_usage()}", file=sys.stderr)
        return 2
    module_name, func_name = COMMANDS[name][0].split(":")
    func = getattr(importlib.import_module(module_name), func_name)
    return int(func(rest) or 0)
