"""Span vectors from one USE pass equal the vectors of the joined texts (real model: slow)."""

from __future__ import annotations

import numpy as np
import pytest

from bialign.align import _encode_side
from bialign.encoders.use import UseEncoder
from tests.fakes import FakeEncoder

pytestmark = pytest.mark.slow

# Long and short sentences (a short one is under 2 x HALO tokens: its joins are
# approximate), quotes, a number, a name, and punctuation alone.
ENGLISH = [
    "In the beginning God created the heaven and the earth.",
    "'Yes.'",
    "And the earth was without form, and void; and darkness was upon the face of the deep.",
    "In 2020, 14 experts from the U.S. and China met online to discuss the digital economy.",
    "He nodded.",
    "The parties agree that cross-border data flows should remain open and secure.",
    "...",
    "Chen Qingyang said that the military deputy would definitely not go easy on me.",
]
CHINESE = [
    "起初神创造天地。",
    "“是。”",
    "地是空虚混沌，渊面黑暗；神的灵运行在水面上。",
    "2020年，来自美中两国的14位专家在线上会面，讨论数字经济。",
    "他点点头。",
    "双方同意，跨境数据流动应保持开放和安全。",
    "……",
    "陈清扬说，军代表肯定不会轻饶了我。",
]


@pytest.fixture(scope="module")
def encoder() -> UseEncoder:
    return UseEncoder()


def _joined_spans(texts: list[str], joiner: str, encoder: UseEncoder, longest: int
                  ) -> np.ndarray:
    """The reference: each span's joined text encoded on its own."""
    out = np.zeros((longest, len(texts) + 1, encoder.dim), dtype=np.float32)
    out[0, 1:] = encoder.encode(texts)
    for b in range(2, longest + 1):
        for e in range(b, len(texts) + 1):
            out[b - 1, e] = encoder.encode([joiner.join(texts[e - b:e])])[0]
    return out


@pytest.mark.parametrize(("texts", "joiner"), [(ENGLISH, " "), (CHINESE, "")])
def test_span_vectors_are_the_joined_texts_vectors(texts: list[str], joiner: str,
                                                    encoder: UseEncoder) -> None:
    longest = 4
    fast = encoder.encode_spans(texts, longest, joiner)
    assert fast is not None and fast.shape == (longest, len(texts) + 1, encoder.dim)
    exact = _joined_spans(texts, joiner, encoder, longest)
    np.testing.assert_allclose(fast[0, 1:], exact[0, 1:], atol=2e-5)
    for b in range(2, longest + 1):
        cos = np.einsum("ij,ij->i", fast[b - 1, b:], exact[b - 1, b:])
        assert cos.min() > 0.98, (b, cos)  # short sentences inside: approximate
        assert np.median(cos) > 0.995, (b, cos)
        assert not fast[b - 1, :b].any()  # no span ends before it has b sentences


def test_long_sentences_give_exact_spans(encoder: UseEncoder) -> None:
    long = [t for t in ENGLISH if len(t) > 40]
    fast = encoder.encode_spans(long, 3, " ")
    assert fast is not None
    exact = _joined_spans(long, " ", encoder, 3)
    cos = np.einsum("ij,ij->i", fast[2, 3:], exact[2, 3:])
    assert cos.min() > 0.99999


def test_a_chinese_sentence_tokenizes_as_it_does_after_another(encoder: UseEncoder) -> None:
    tokenizer = encoder._tokenizer
    assert tokenizer is not None
    for a, b in zip(CHINESE, CHINESE[1:], strict=False):
        joined = tokenizer.encode(a + b)
        assert joined == tokenizer.encode(a)[:-1] + tokenizer.encode(b, continuation=True)[1:]


def test_an_encoder_without_span_method_encodes_the_joined_texts() -> None:
    fake = FakeEncoder()
    vecs, spans = _encode_side(ENGLISH[:3], 2, fake)
    assert spans is not None
    np.testing.assert_allclose(spans[1, 2], FakeEncoder().encode([" ".join(ENGLISH[:2])])[0],
                               rtol=1e-5)
    np.testing.assert_allclose(spans[0, 1:], vecs)
