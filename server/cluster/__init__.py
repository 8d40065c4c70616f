"""Silver Avatar on a Ray cluster (the optional ``cluster`` extra: ``pip install -e '.[cluster]'``).

- ``store``: the conversation state a reconnecting client needs, held outside every worker.
- ``worker``: a model-holding session worker, a Ray actor that serves offers on its own node.
- ``front``: a stateless front that routes offers to the worker with headroom.
- ``status_cmd``: ``silver-avatar cluster status``.

Nothing here is imported by the single-box server: without ``--cluster`` Ray is never loaded.
"""

NAMESPACE = "silver-avatar"
STORE_NAME = "state-store"
WORKER_PREFIX = "worker-"
WORKER_RESOURCE = "silver_avatar_worker"  # a node offers N of these: it can hold N session workers
