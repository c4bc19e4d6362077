"""Chinese negated potential complements as negation cues: 看不清 "cannot see clearly".

A verb, 不 and a complement in one jieba token (看不清, 想不起, 透不过, 记不住)
says "cannot V".  ``negation_align.chinese_cues`` only finds a cue that begins
a token, so these were no cue at all: a dropped English "could not" against
想不起 went unseen (bench_negation_split.py --seeds, cause "cue not found").
``potential_cues`` gives each such 不 as a ``Cue`` whose governed word is the
token itself and whose status comes from the English words the dictionary
links to it, as ``pair_cues`` does for other cues.
"""

from __future__ import annotations

import re

from bialign.checks.coverage import Coverage
from bialign.checks.dictionary import Dictionary
from bialign.checks.negation_align import EN_CUES, Cue, Status, en_anchor_negated

# One or two characters of verb, 不, one or two of complement (a 不 in the
# first place is a cue of its own; 是不是, 要不要 are questions).
_POTENTIAL = re.compile(r"^[\u4e00-\u9fff]{1,2}不[\u4e00-\u9fff]{1,2}$")


def potential_cues(en: str, zh_tokens: list[tuple[str, int, int]], cov: Coverage,
                   not_negation: frozenset[str], taken: set[int],
                   dictionary: Dictionary) -> list[Cue]:
    """A cue for each 不 inside a V不C token of ``zh_tokens``, unless the token
    is a listed non-negating word (差不多, 了不起) or an A-not-A question, or
    ``taken`` already holds that offset.  Anchors: the English words the
    dictionary links to the token that render its verb."""
    cues = []
    for text, start, end in zh_tokens:
        at = start + text.find("不")
        if not _POTENTIAL.match(text) or text in not_negation or at in taken or \
                text[text.index("不") - 1] == text[text.index("不") + 1]:
            continue
        j = next((k for k, w in enumerate(cov.zh) if w.start <= start < w.end or
                  start <= w.start < end), None)
        if j is None:
            continue
        # The English word must render the verb (听见 "hear" for 听不见), not
        # only its complement: 见 "meet" linked 听不见 to "met" on faithful
        # MAC-Dev (a false warning).
        verb = text[:text.index("不")]
        senses = dictionary.lemmas(verb) | dictionary.lemmas(text.replace("不", ""))
        anchors = tuple(cov.en[i] for i in cov.zh_links[j]
                        if cov.en[i].text.lower() not in EN_CUES and cov.en[i].key in senses)
        negated = [en_anchor_negated(en, a) for a in anchors]
        status: Status = "unknown" if not negated else \
            "matched" if any(negated) else "contradicted"
        cues.append(Cue("zh", "不", at, (cov.zh[j],), anchors, status))
    return cues
