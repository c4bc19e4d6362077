"""spaCy is imported without torch, and torch still imports afterwards."""

import subprocess
import sys


def test_spacy_imports_without_torch_and_torch_still_imports() -> None:
    code = (
        "import sys\n"
        "from bialign.segment import english_pipeline\n"
        "words = [t.text for t in english_pipeline()('Hello, world.')]\n"
        "assert words == ['Hello', ',', 'world', '.']\n"
        "assert 'torch' not in sys.modules\n"
        "import torch\n"
        "assert torch.zeros(2).sum().item() == 0\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr


def test_stop_words_are_spacys() -> None:
    from bialign.spacy_loader import english_stop_words

    words = english_stop_words()
    assert {"the", "and", "of"} <= words
    assert "principle" not in words
