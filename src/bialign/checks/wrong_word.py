"""Wrong-word check: a real word one or two letters away from the right one.

English side: a word that translates nothing in its linked Chinese while a
word one or two edits away ("principals" / "principles"), or a known
confusable ("affect" / "effect"), is a gloss of a Chinese word of the pair
that nothing else in the English renders.  Chinese side: a string that is
not a word, one character away from a dictionary word that translates an
English word nothing else in the Chinese renders (原侧 / 原则).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from bialign.checks import (
    CheckConfig,
    CheckResources,
    english_lm,
    severity_for,
    two_sided,
    wrong_word_prior,
)
from bialign.checks.coverage import Coverage, Word, cover_pair, jieba_knows, stem
from bialign.checks.dictionary import Dictionary, gloss_words
from bialign.checks.wrong_word_context import ContextConfig, DocumentUsage, context_slips
from bialign.checks.wrong_word_counterfactual import (
    CounterfactualConfig,
    Suspect,
    compound_swap,
    counterfactual_slips,
    derived_by_prefix,
    measure_gains,
    regular_forms,
    spelling_variants,
)
from bialign.records import Finding, Pair

if TYPE_CHECKING:
    from bialign.encoders import Encoder

CONFUSABLE_PAIRS = (
    ("principal", "principle"), ("affect", "effect"), ("complement", "compliment"),
    ("council", "counsel"), ("discreet", "discrete"), ("loose", "lose"),
    ("stationary", "stationery"), ("precede", "proceed"), ("adverse", "averse"),
    ("accept", "except"), ("advice", "advise"), ("capital", "capitol"),
    ("elicit", "illicit"), ("eminent", "imminent"), ("ensure", "insure"),
    ("cite", "site"), ("cite", "sight"), ("site", "sight"), ("access", "excess"),
    ("allusion", "illusion"), ("emigrate", "immigrate"), ("personal", "personnel"),
    ("prescribe", "proscribe"), ("sever", "severe"), ("statue", "statute"),
    ("waive", "wave"), ("breach", "breech"), ("canvas", "canvass"), ("deprecate", "depreciate"),
    ("economic", "economical"), ("historic", "historical"), ("moral", "morale"),
)
_CONFUSABLE = frozenset(CONFUSABLE_PAIRS) | frozenset((b, a) for a, b in CONFUSABLE_PAIRS)
_SENTENCE_END = ".!?:;\"'“‘(（"
# A run ending in a particle is a verb or noun plus grammar (雕着 "carving"), no slip.
_PARTICLES = frozenset("着了过的地得们")
# In narrative, 道/说/曰/问 after a verb and before a colon or an opening quote
# say "said", joined to the verb by the writer (指道：“…”: jieba keeps 指道 whole).
_SPEECH_VERBS = frozenset("道说曰问")
_QUOTE_OPENERS = frozenset("：:“「『\"‘")


@dataclass(frozen=True)
class WrongWordConfig:
    """Thresholds of the wrong-word check (calibrated on MAC-Dev false alarms
    and generated one/two-letter substitutions)."""

    min_length: int = 5  # shorter words have too many neighbours one letter away
    two_edit_min_length: int = 7  # two edits only between longer words
    max_gloss_words: int = 1  # only one-word glosses name the intended word itself
    score_confusable: float = 0.9
    score_one_edit: float = 0.85
    score_two_edits: float = 0.45  # info: 0 perturbation hits, 2 false alarms in 1,145 pairs at 0.6
    score_zh_slip: float = 0.8  # the two characters sound alike (an input-method slip)
    score_zh_lookalike: float = 0.45  # they do not: often a literary word CEDICT lacks
    # A slip is a local anomaly in a pair that is otherwise well covered;
    # below this mean coverage the pair is more likely misaligned or free.
    min_pair_coverage: float = 0.4
    single_char_senses: int = 0  # 3 senses: recall 7 -> 10 of 60, false alarms 4 -> 13
    related_words: int = 30  # how many dictionary translations of a word to compare
    # The suggestion's unigram log-probability minus the word's (wrong_word_prior);
    # listed confusables are exempt.  At 0, faithful MAC-Dev: 4 -> 3 false alarms
    # ("tooted" / "toothed" goes); substitutions of seeds 1-8: 80 -> 77 of 480 found.
    min_log_prob_gain: float = 0.0
    # The document's own vocabulary (``DocumentUsage``): a suspect word used at
    # least this many times elsewhere in the document, where the model prefers
    # the suggestion at this share of the uses or more, is not reported.
    min_other_uses: int = 2
    own_word_share: float = 0.5


@lru_cache(maxsize=65536)  # the same word pairs recur all through a document
def edit_distance(a: str, b: str, limit: int = 3) -> int:
    """Damerau–Levenshtein distance (adjacent transpositions count 1),
    capped at ``limit``."""
    if abs(len(a) - len(b)) >= limit:
        return limit
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        prev2, prev = prev, cur
    return min(prev[-1], limit)


def inflect_like(base: str, word: str, word_lemma: str) -> str:
    """``base`` with the inflection that turns ``word_lemma`` into ``word``."""
    if word == word_lemma:
        return base
    if word.endswith("s"):
        if base.endswith("y") and base[-2:-1] not in "aeiou":
            return base[:-1] + "ies"
        return base + ("es" if base.endswith(("s", "x", "ch", "sh")) else "s")
    for suffix in ("ing", "ed"):
        if word.endswith(suffix):
            return (base[:-1] if base.endswith("e") else base) + suffix
    return base


def _suggest(base: str, word: str, word_lemma: str, dictionary: Dictionary) -> str:
    """``base`` inflected like ``word``, if that gives a known word."""
    inflected = inflect_like(base, word, word_lemma)
    return inflected if inflected in dictionary.vocabulary else base


def _is_proper_or_odd(word: Word, text: str) -> bool:
    """Names (capitalised inside a sentence), acronyms and non-words."""
    w = word.text
    if not w.isalpha() or w.isupper() and len(w) > 1:
        return True
    if w[0].isupper():
        before = text[: word.start].rstrip()
        return bool(before) and before[-1] not in _SENTENCE_END
    return False


def _near(word: str, gloss: str, config: WrongWordConfig) -> float:
    """Score of ``gloss`` as the intended word for ``word`` (both lemmas); 0 if not near."""
    if (word, gloss) in _CONFUSABLE:
        return config.score_confusable
    if len(gloss) < config.min_length or stem(word) == stem(gloss) or \
            derived_by_prefix(word, gloss):
        return 0.0  # a derivation ("economic"/"economy", "symmetry"/"asymmetry"), not a slip
    dist = edit_distance(word, gloss)
    if dist == 1:
        return config.score_one_edit
    shared = len(_common_prefix(word, gloss))
    # Two edits at the end of long words are derivations ("liberated"/"liberty").
    if (dist == 2 and min(len(word), len(gloss)) >= config.two_edit_min_length
            and shared < min(len(word), len(gloss)) - 3):
        return config.score_two_edits
    return 0.0


def _inflected_neighbour(word: str, gloss: str, dictionary: Dictionary,
                         config: WrongWordConfig) -> str:
    """A known inflection of ``gloss`` one edit from ``word`` (the surface form),
    not a form of ``word``'s own lemma or stem; "" if none."""
    for form in sorted(regular_forms(gloss) - {gloss}):
        known = form in dictionary.vocabulary or english_lm.known(form)
        if known and dictionary.lemma(form) == gloss and len(form) >= config.min_length and \
                edit_distance(word, form) == 1 and stem(word) != stem(form) and \
                dictionary.lemma(word) != gloss and not derived_by_prefix(word, form):
            return form
    return ""


def _common_prefix(a: str, b: str) -> str:
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return a[:n]


def _related(word: str, zh_word: str, dictionary: Dictionary, limit: int) -> bool:
    """True if a translation of ``word`` shares a character with ``zh_word``:
    the English word then plausibly renders it freely ("joint" ~ 联合)."""
    chars = set(zh_word)
    return any(chars & set(t) for t in dictionary.words_for(word)[:limit])


def _short_gloss_lemmas(zh_word: str, dictionary: Dictionary, limit: int,
                        senses: int) -> set[str]:
    out: set[str] = set()
    for gloss in dictionary.translations(zh_word)[:senses]:
        if gloss[:1].isupper():
            continue  # a name (汉娜 "Hannah"): the entity check's business
        words = gloss_words(gloss)
        if len(words) <= limit:
            out.update(dictionary.lemma(w) for w in words)
    return out


def english_slips(pair: Pair, cov: Coverage, dictionary: Dictionary,
                  config: WrongWordConfig) -> list[tuple[float, Word, Word, str, str]]:
    """(score, English word, Chinese word, intended lemma, suggestion) per slip."""
    # A one-character word glosses loosely (非: "non-; wrong; to reproach ..."):
    # only its first senses name the intended word.
    glosses = {z.text: _short_gloss_lemmas(z.text, dictionary, config.max_gloss_words,
                                           config.single_char_senses if len(z.text) == 1 else 99)
               for z in cov.zh if not z.text.isascii()}
    unrendered = _unrendered_glosses(cov, glosses)
    if not unrendered:
        return []
    slips = []
    for i, w in enumerate(cov.en):
        low = w.text.lower()
        if cov.en_covered(i) or len(low) < config.min_length or _is_proper_or_odd(w, pair.en):
            continue
        best: tuple[float, Word, Word, str, str] | None = None
        for g, z in unrendered.items():
            # "withdrawn" for 撤走 "withdraw" is grammar, "horseflies" for 苍蝇
            # "housefly" another kind of fly: no slips.
            if _inflected(low, g) or spelling_variants(low, g) or \
                    compound_swap(low, inflect_like(g, low, w.key), dictionary):
                continue
            score = _near(w.key, g, config) if g != low else 0.0
            suggestion = _suggest(g, low, w.key, dictionary)
            if not score and g != low and w.key == low:
                # "depraved" is its own lemma, one letter from "deprived", a form of
                # the gloss "deprive": compare such a word with the gloss's forms too
                # (an inflected word, "faded", is compared through its lemma only).
                form = _inflected_neighbour(low, g, dictionary, config)
                score, suggestion = (config.score_one_edit, form) if form else (0.0, suggestion)
            if not score:
                continue
            if (w.key, g) not in _CONFUSABLE and not _as_common(low, suggestion, config):
                continue  # slips make common words rare: "tooted" is no slip for "toothed"
            if best is None or score > best[0]:
                best = (score, w, z, g, suggestion)
        if best is not None and not _related(w.key, best[2].text, dictionary,
                                             config.related_words):
            slips.append(best)
    return slips


def _both_witnesses_against(pair: Pair, word: Word, suggestion: str, encoder: Encoder) -> bool:
    """True if the sentence reads worse with the suggestion (English model) and
    it also moves away from the Chinese (encoder): the dictionary's reading is
    then a gap in its glosses ("a ram caught in a thicket" against 观看 "watch",
    "he overthrew the cities" against 倾覆 "overthrow").  Seeds 1-8 of
    bench/perturb.py: no substitution found by the dictionary test has both
    against it; 2 of 4 such findings on 3,000 Bible verses do.  False without
    the model."""
    if not english_lm.available():
        return False
    swapped = pair.en[:word.start] + suggestion + pair.en[word.end:]
    if english_lm.text_log_prob(swapped) >= english_lm.text_log_prob(pair.en):
        return False
    gain = measure_gains([pair], [Suspect(pair.index, word.start, word.end, word.text,
                                          suggestion, "", True)], encoder)[0].gain
    return gain < 0


def _as_common(word: str, suggestion: str, config: WrongWordConfig) -> bool:
    """True if the suggestion is at least as common as the word (always,
    without the unigram prior)."""
    if not wrong_word_prior.available():
        return True
    return (wrong_word_prior.log_probability(suggestion)
            - wrong_word_prior.log_probability(word)) >= config.min_log_prob_gain


INFLECTIONS = ("s", "es", "d", "ed", "n", "en", "ing", "er", "est", "ly")


def _inflected(word: str, gloss: str) -> bool:
    """Whether one is the other plus an inflectional ending (withdraw/withdrawn)."""
    short, long = sorted((word, gloss), key=len)
    return long.startswith(short) and long[len(short):] in INFLECTIONS


def _unrendered_glosses(cov: Coverage, glosses: dict[str, set[str]]) -> dict[str, Word]:
    """One-word glosses that more Chinese words carry than English words render
    (by lemma or family), each with the first Chinese word carrying it.  A
    word the Chinese has twice and the English once counts: 婚姻 ... 婚姻 /
    "marriage ... carriage"."""
    zh_count: dict[str, int] = {}
    first: dict[str, Word] = {}
    en_keys = [w.key for w in cov.en]
    en_stems = [stem(k) for k in en_keys]
    for j, z in enumerate(cov.zh):
        # A rendered word offers only the sense it is rendered by (手段 as
        # "means" does not offer "trick").
        senses = {en_keys[i] for i in cov.zh_links[j]} | {en_stems[i] for i in cov.zh_links[j]}
        for g in glosses.get(z.text, ()):
            if not cov.zh_links[j] or g in senses or stem(g) in senses:
                zh_count[g] = zh_count.get(g, 0) + 1
                first.setdefault(g, z)
    return {g: first[g] for g, n in zh_count.items()
            if sum(1 for k, s in zip(en_keys, en_stems, strict=True)
                   if k == g or s == stem(g)) < n}


def chinese_slips(pair: Pair, cov: Coverage, dictionary: Dictionary,
                  config: WrongWordConfig) -> list[tuple[float, Word, str, int, str]]:
    """(score, English word, Chinese string, its offset, intended word) per slip:
    token-aligned Chinese runs that are no word but one character away from a
    translation of an English word nothing outside the run renders."""
    runs = [r for r in _runs(cov) if not dictionary.contains(pair.zh[r[0]:r[1]])
            and not jieba_knows(pair.zh[r[0]:r[1]])
            and pair.zh[r[1] - 1] not in _PARTICLES and not _speech_verb(pair.zh, r[1])]
    if not runs:
        return []
    slips = []
    for i, w in enumerate(cov.en):
        if len(w.text) < config.min_length or _is_proper_or_odd(w, pair.en):
            continue
        targets: list[str] | None = None
        for start, end, inside in runs:
            # Characters of a non-word still gloss loosely (侧 "side"); a link
            # from inside the run does not count as a rendering.
            if not set(cov.en_links[i]) <= inside:
                continue
            if targets is None:
                targets = [t for t in dictionary.words_for(w.key)[:200]
                           if 2 <= len(t) <= 4 and _glossed_exactly(t, w.key, dictionary)]
            text = pair.zh[start:end]
            for target in targets:
                if len(target) != len(text):
                    continue
                diff = [(x, y) for x, y in zip(target, text, strict=True) if x != y]
                if len(diff) == 1:
                    alike = dictionary.homophones(*diff[0])
                    if cov.en_links[i] and (not alike or _rendered_by_kept(w, text, target,
                                                                           dictionary)):
                        continue  # 会想 "would think": 想 itself renders "think"
                    score = config.score_zh_slip if alike else config.score_zh_lookalike
                    slips.append((score, w, text, start, target))
                    break
    return slips


def _speech_verb(text: str, end: int) -> bool:
    """True if the run ending at ``end`` ends in a speech verb that opens a quote
    (指道：“…” "pointed and said", 笑说：): a verb plus 道/说, no slip of 指导."""
    return text[end - 1] in _SPEECH_VERBS and text[end:end + 1] in _QUOTE_OPENERS


def _rendered_by_kept(w: Word, text: str, target: str, dictionary: Dictionary) -> bool:
    """True if a character the slip did not change already glosses ``w``."""
    kept = [a for a, b in zip(text, target, strict=True) if a == b]
    return any(w.key in dictionary.lemmas(ch) or stem(w.key) in
               {stem(g) for g in dictionary.lemmas(ch)} for ch in kept)


def _glossed_exactly(zh_word: str, lemma: str, dictionary: Dictionary) -> bool:
    """True if one of ``zh_word``'s glosses is just ``lemma`` (原则: "principle")."""
    return any([dictionary.lemma(w) for w in gloss_words(g)] == [lemma]
               for g in dictionary.translations(zh_word))


def _runs(cov: Coverage) -> list[tuple[int, int, frozenset[int]]]:
    """(start, end, token indices) of each 2–4-character Chinese token and of
    each two adjacent one-character tokens: the places a slip can hide."""
    runs = []
    for j, z in enumerate(cov.zh):
        if 2 <= len(z.text) <= 4:
            runs.append((z.start, z.end, frozenset({j})))
        if j + 1 < len(cov.zh):
            nxt = cov.zh[j + 1]
            # Two one-character words (指|道 "pointed, said") are often just
            # that: only when neither renders anything.
            if (nxt.start == z.end and len(z.text) == len(nxt.text) == 1
                    and not cov.zh_links[j] and not cov.zh_links[j + 1]):
                runs.append((z.start, nxt.end, frozenset({j, j + 1})))
    return runs


# What a confused word means, for the message ("principals (chief persons; parties)").
MEANINGS = {
    "principal": "chief persons; parties", "principle": "basic rules or beliefs",
    "affect": "to influence", "effect": "a result; to bring about",
    "complement": "something that completes", "compliment": "praise",
    "council": "an assembly", "counsel": "advice; a lawyer",
    "discreet": "tactful", "discrete": "separate", "loose": "not tight", "lose": "to misplace",
    "stationary": "not moving", "stationery": "writing materials",
    "precede": "to come before", "proceed": "to go on", "adverse": "harmful",
    "averse": "unwilling", "personal": "private", "personnel": "staff",
    "statue": "a sculpture", "statute": "a law",
}


def _gloss_hint(lemma: str) -> str:
    meaning = MEANINGS.get(lemma)
    return f" ({meaning})" if meaning else ""


def _counterfactual_message(s: Suspect) -> str:
    if s.zh_word:
        return (f'The English has "{s.word}" where the Chinese {s.zh_word} means '
                f'"{s.neighbour}"; probably "{s.neighbour}".')
    return (f'The English has "{s.word}", which nothing in the Chinese renders, where '
            f'"{s.neighbour}" fits the Chinese better; probably "{s.neighbour}".')


def _context_message(s: Suspect) -> str:
    if s.zh_word:
        return (f'The English has "{s.word}" where the Chinese {s.zh_word} means '
                f'"{s.neighbour}", which also reads far better in the sentence; '
                f'probably "{s.neighbour}".')
    closer = " and brings it closer to the Chinese" if s.gain > 0 else ""
    return (f'The English has "{s.word}", which nothing in the Chinese renders; '
            f'"{s.neighbour}" reads far better in the sentence{closer}; '
            f'probably "{s.neighbour}".')


class WrongWordCheck:
    """Real-word slips on either side, found through the dictionary."""

    name = "wrong_word"

    def __init__(self, config: WrongWordConfig = WrongWordConfig(),
                 counterfactual: CounterfactualConfig = CounterfactualConfig(),
                 context: ContextConfig = ContextConfig()) -> None:
        self.config = config
        self.counterfactual = counterfactual
        self.context = context

    def run(self, pairs: Sequence[Pair], resources: CheckResources,
            config: CheckConfig) -> list[Finding]:
        dictionary = resources.dictionary
        two = list(two_sided(pairs))
        found = [finding for pair in two
                 for finding in self.check_pair(pair, dictionary, config, resources.encoder)]
        flagged: dict[int, set[str]] = {}
        for f in found:
            flagged.setdefault(f.link, set()).add(f.en_evidence)
        skip = {p.index: frozenset(w.start for w in cover_pair(p.en, p.zh, dictionary).en
                                   if w.text in flagged.get(p.index, ()))
                for p in two}
        taken = {k: set(v) for k, v in skip.items()}
        for score, s in counterfactual_slips(two, dictionary, resources.encoder,
                                             self.counterfactual, skip):
            taken[s.pair].add(s.start)
            found.append(Finding(
                category=self.name, severity=severity_for(score, config), score=score,
                link=s.pair, en_evidence=s.word, zh_evidence=s.zh_word, suggestion=s.neighbour,
                message=_counterfactual_message(s)))
        for score, c in context_slips(two, dictionary, resources.encoder, self.context,
                                      {k: frozenset(v) for k, v in taken.items()}):
            s = c.suspect
            found.append(Finding(
                category=self.name, severity=severity_for(score, config), score=score,
                link=s.pair, en_evidence=s.word, zh_evidence=s.zh_word, suggestion=s.neighbour,
                message=_context_message(s)))
        return self._drop_own_words(found, two)

    def _drop_own_words(self, found: list[Finding], pairs: Sequence[Pair]) -> list[Finding]:
        """Drop English suspects the document uses as its own vocabulary ("thee"
        for "them" in a Bible whose every other "thee" the model dislikes too)."""
        english = [f for f in found if f.en_evidence and f.suggestion.isascii()]
        if not english or not english_lm.available():
            return found
        usage = DocumentUsage(pairs)
        own = {id(f) for f in english if usage.own_word(
            f.en_evidence, f.suggestion, f.link, min_uses=self.config.min_other_uses,
            share=self.config.own_word_share)}
        return [f for f in found if id(f) not in own]

    def check_pair(self, pair: Pair, dictionary: Dictionary, config: CheckConfig,
                   encoder: Encoder | None = None) -> list[Finding]:
        """The wrong-word findings of one pair; with an ``encoder`` (and the
        English model), an English slip both witnesses oppose is dropped."""
        cov = cover_pair(pair.en, pair.zh, dictionary)
        out: list[Finding] = []
        if (cov.en_ratio() + cov.zh_ratio()) / 2 < self.config.min_pair_coverage:
            return out
        for score, w, z, _lemma, meaning in english_slips(pair, cov, dictionary, self.config):
            if encoder is not None and _both_witnesses_against(pair, w, meaning, encoder):
                continue
            # The replacement keeps the case of the word it replaces ("Principals" opening
            # a sentence -> "Principles").
            suggestion = meaning.capitalize() if w.text[:1].isupper() else meaning
            out.append(Finding(
                category=self.name, severity=severity_for(score, config), score=score,
                link=pair.index, en_evidence=w.text, zh_evidence=z.text, suggestion=suggestion,
                message=(f'The English has "{w.text}"{_gloss_hint(w.key)} where '
                         f'the Chinese {z.text} means "{meaning}"; probably "{suggestion}".')))
        for score, w, text, _start, target in chinese_slips(pair, cov, dictionary, self.config):
            out.append(Finding(
                category=self.name, severity=severity_for(score, config), score=score,
                link=pair.index, en_evidence=w.text, zh_evidence=text, suggestion=target,
                message=(f'The Chinese has {text}, which the dictionary does not list; the'
                         f' English "{w.text}" suggests {target} may have been meant.')))
        return out


CHECK = WrongWordCheck()
