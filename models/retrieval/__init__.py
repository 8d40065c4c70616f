"""Retrieval over the Korean public-service knowledge base.

>>> from models.retrieval import load_retriever
>>> r = load_retriever()                      # once per process, offline
>>> hits = r.search("기초연금 누가 받아요", k=5)  # best first; hits[0].score vs r.accept_threshold

See docs/retrieval.md for the methods compared and the served configuration.
"""

from models.retrieval.retriever import Hit, Retriever, load_retriever

__all__ = ["Hit", "Retriever", "load_retriever"]
