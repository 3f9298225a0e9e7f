"""Fine-tune fr_core_news_md's `ner` on WiNER-fr **dev** (never test) and write it to models/ner/.

    .venv/bin/python benchmarks/train_ner.py                      # writes models/ner/
    .venv/bin/python benchmarks/train_ner.py --epochs 6 --rehearsal 400 --out /tmp/ner

In fr_core_news_md 3.8.0 the `ner` component has its own tok2vec (it is not a listener of the shared
`tok2vec`), so it is trained alone (`nlp.select_pipes(enable=["ner"])`) and tok2vec / morphologizer /
parser stay exactly as shipped. Training resumes from the shipped weights (`nlp.resume_training()`).

Data: WiNER-fr dev (`../shared/eval/winer-fr/dev.jsonl`, char offsets). Person→PER, Organization→ORG,
Location→LOC, Event/Product→MISC; Date/Hour are not NER labels here and are dropped; of nested or
overlapping entities the outermost (then the longest) is kept. Spans are aligned with
`doc.char_span(..., alignment_mode="contract")`; those that do not align are skipped and counted.
Dev is split by document (fixed seed) into a training part and a held-out part; the epoch kept is the
best on the held-out part (PER/ORG/LOC F1, every gold entity counted, as in benchmarks/winer.py).

`--listener DEPTH --teacher DIR` (an experiment, not what ships; docs/benchmarks.md, throughput) trains
instead a ner that reads the vectors of the shared `tok2vec` (frozen) through a listener with DEPTH
window-encoder layers of its own, distilled from the fine-tuned ner in DIR: the WiNER dev training
part (gold, `--gold-weight` times) plus `--silver` OrangeSum articles labelled by the teacher.

`--corpus` (an experiment, off: it did not win on the held-out parts, docs/benchmarks.md) adds corpus/dev's
annotated articles (`--corpus-weight` times): ORG from the gold organisations' mentions, PER from the people's;
the corpus annotates no places nor MISC, so tokens fr_core_news_md's ner labels LOC/MISC that no mention covers
(and a mention that does not fall on token boundaries) are missing, not O (`--titles-outside`: except the
gold's role titles and dates, O). `--corpus-held-out` % of those
articles (crc32 of the id) are held out; the epoch kept is then the best mean of the two held-out parts'
F1. `--start DIR` resumes from DIR's ner weights; `--depeche` (after training) and `--score DIR` (instead of
training) score depeche's whole pipeline on both held-out parts, the shipped ner against the new one.

`--rehearsal N` mixes in N OrangeSum articles (`../shared/data/orangesum/articles.jsonl.gz`) labelled by
the shipped model itself (pseudo-rehearsal against forgetting its general knowledge of news text).
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import sys
import time
from collections import Counter
from pathlib import Path

import spacy
from spacy.training import Example
from spacy.util import compounding, minibatch

sys.path.insert(0, str(Path(__file__).resolve().parent))
from ner_corpus import corpus_dev, corpus_example, corpus_scores, depeche_scores, split_corpus  # noqa: E402
from winer import SCORED, predicted, score  # noqa: E402  (one scorer for both benchmarks)

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
WINER_DEV = SHARED / "eval" / "winer-fr" / "dev.jsonl"
ORANGESUM = SHARED / "data" / "orangesum" / "articles.jsonl.gz"
LABELS = {"Person": "PER", "Organization": "ORG", "Location": "LOC", "Event": "MISC", "Product": "MISC"}


def read_jsonl(path: Path) -> list[dict]:
    if not path.exists():
        sys.exit(f"{path} is absent: the shared data is read from ../shared (see ../shared/README.md)")
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def outermost(entities: list[dict]) -> list[tuple[int, int, str]]:
    """PER/ORG/LOC/MISC entities, nested and overlapping ones resolved to the outermost (then longest)."""
    ents = sorted(
        ((e["start"], e["end"], LABELS[e["label"]]) for e in entities if e["label"] in LABELS),
        key=lambda x: (-(x[1] - x[0]), x[0]),
    )
    kept: list[tuple[int, int, str]] = []
    for s, e, label in ents:
        if all(e <= s2 or s >= e2 for s2, e2, _ in kept):
            kept.append((s, e, label))
    return sorted(kept)


def to_example(nlp, text: str, ents: list[tuple[int, int, str]], stats: Counter) -> Example:
    doc = nlp.make_doc(text)
    spans = []
    for s, e, label in ents:
        span = doc.char_span(s, e, label=label, alignment_mode="contract")
        if span is None or len(span) == 0 or span.text != text[s:e]:
            stats["misaligned"] += 1
            if span is None or len(span) == 0:
                continue
        stats["entities"] += 1
        spans.append(span)
    gold = doc.copy()
    gold.set_ents(spans, default="outside")
    return Example(doc, gold)


def gold_all(doc: dict) -> set[tuple[int, int, str]]:
    return {(e["start"], e["end"], LABELS[e["label"]]) for e in doc["entities"] if LABELS.get(e["label"]) in SCORED}


def evaluate(nlp, docs: list[dict]) -> dict[str, float]:
    """ner-only F1 per label (and all) on `docs`, scored as benchmarks/winer.py scores."""
    with nlp.select_pipes(enable=["ner"]):
        pairs = [(gold_all(item), predicted(doc)) for item, doc in zip(docs, nlp.pipe(d["text"] for d in docs))]
    return {label: figures["f1"] for label, figures in score(pairs).items()}


def orangesum_texts(n: int, seed: int, max_chars: int = 3000) -> list[str]:
    """N OrangeSum articles of 200 characters or more, cut at `max_chars`, in an order shuffled with `seed`."""
    if not ORANGESUM.exists():
        sys.exit(f"{ORANGESUM} is absent (see ../shared/README.md)")
    texts = []
    with gzip.open(ORANGESUM, "rt", encoding="utf-8") as handle:
        for line in handle:
            row = json.loads(line)
            if len(row.get("text") or "") >= 200:
                texts.append(row["text"][:max_chars])
    random.Random(seed).shuffle(texts)
    return texts[:n]


def labelled_examples(nlp, ner, texts: list[str]) -> list[Example]:
    """`texts` with the entities `ner` (a component with its own tok2vec) finds in them as their gold."""
    examples = []
    for doc in ner.pipe((nlp.make_doc(t) for t in texts), batch_size=64):
        gold = nlp.make_doc(doc.text)
        gold.set_ents([gold.char_span(e.start_char, e.end_char, label=e.label_) for e in doc.ents], default="outside")
        examples.append(Example(nlp.make_doc(doc.text), gold))
    return examples


def split_dev(dev: list[dict], held_out: float = 0.12, seed: int = 13) -> tuple[list[dict], list[dict]]:
    """Dev split by document with a fixed seed: (training part, held-out part), each in dev's order."""
    order = list(range(len(dev)))
    random.Random(seed).shuffle(order)
    n_held = round(len(dev) * held_out)
    return [dev[i] for i in sorted(order[n_held:])], [dev[i] for i in sorted(order[:n_held])]


# --- --listener: a ner that reads the shared tok2vec (distilled from a fine-tuned one) ------------

@spacy.util.registry.architectures("depeche.AdaptedTok2VecListener.v1")
def adapted_tok2vec_listener(width: int, upstream: str = "*", depth: int = 1, window_size: int = 1, maxout_pieces: int = 3):
    """A listener of the shared tok2vec with `depth` trainable window-encoder layers of its own
    (depth 0: the bare listener). Registered here, not in the package: no shipped pipeline uses it."""
    from spacy.ml.models.tok2vec import MaxoutWindowEncoder
    from spacy.pipeline.tok2vec import Tok2VecListener
    from thinc.api import chain, with_array

    listener = Tok2VecListener(upstream_name=upstream, width=width)
    if depth == 0:
        return listener
    encoder = MaxoutWindowEncoder(width=width, window_size=window_size, maxout_pieces=maxout_pieces, depth=depth)
    model = chain(listener, with_array(encoder))
    model.set_dim("nO", width)
    return model


def student_config(depth: int) -> dict:
    """The listener ner's model: fr_core_news_md's ner head, its own tok2vec replaced by a listener
    of the shared `tok2vec` and `depth` window-encoder layers (depeche.AdaptedTok2VecListener.v1)."""
    return {
        "@architectures": "spacy.TransitionBasedParser.v2",
        "state_type": "ner",
        "extra_state_tokens": False,
        "hidden_width": 64,
        "maxout_pieces": 2,
        "use_upper": True,
        "nO": None,
        "tok2vec": {
            "@architectures": "depeche.AdaptedTok2VecListener.v1",
            "width": 96,
            "upstream": "tok2vec",
            "depth": depth,
            "window_size": 1,
            "maxout_pieces": 3,
        },
    }


def train_listener(args, nlp, train_docs: list[dict], held: list[dict]) -> None:
    teacher = nlp.get_pipe("ner")
    teacher.from_disk(args.teacher, exclude=["vocab"])
    tok2vec = nlp.get_pipe("tok2vec")
    student = nlp.add_pipe("ner", name="student", config={"model": student_config(args.listener)})
    for label in teacher.labels:
        student.add_label(label)

    stats: Counter = Counter()
    t0 = time.time()
    gold = [to_example(nlp, d["text"], outermost(d["entities"]), stats) for d in train_docs]
    silver = labelled_examples(nlp, teacher, orangesum_texts(args.silver, args.seed))
    print(f"gold: {len(gold)} WiNER dev docs ({stats['entities']} entities); silver: {len(silver)} OrangeSum "
          f"articles labelled by the teacher {args.teacher} ({time.time() - t0:.0f} s)", flush=True)
    # the shared tok2vec is frozen: its vectors are computed once and read by the listener (doc.tensor)
    t0 = time.time()
    train = gold * args.gold_weight + silver
    predicted_docs = [eg.predicted for eg in train]
    for _ in tok2vec.pipe(predicted_docs, batch_size=64):
        pass
    print(f"shared tok2vec over {len(train)} training docs ({time.time() - t0:.0f} s)", flush=True)

    def scores_of(component: str) -> dict[str, float]:
        with nlp.select_pipes(enable=["tok2vec", component]):
            pairs = [(gold_all(item), predicted(doc)) for item, doc in zip(held, nlp.pipe(d["text"] for d in held))]
        return {label: figures["f1"] for label, figures in score(pairs).items()}

    print(f"teacher on held-out: {shown(scores_of('ner'))}", flush=True)
    student.initialize(lambda: train[:200], nlp=nlp)
    if args.init is not None:  # go on from a listener ner this script wrote before
        student.from_disk(args.init, exclude=["vocab"])
        print(f"init from {args.init}: {shown(scores_of('student'))}", flush=True)
    fit(args, student, train, student.update, student.create_optimizer(), lambda: scores_of("student"))


def shown(scores: dict[str, float]) -> str:
    return "  ".join(f"{k} {v:.3f}" for k, v in scores.items())


def fit(args, component, train: list[Example], update, optimizer, held_scores, start: tuple[float, bytes] = (-1.0, b"")) -> None:
    """`args.epochs` epochs of `update` over `train`, each scored on the held-out part with the averaged
    parameters (as spaCy's own training loop does); the best epoch (or `start`) is kept and written to args.out."""
    best, best_epoch, best_bytes = start[0], 0, start[1]
    for epoch in range(1, args.epochs + 1):
        t0 = time.time()
        random.Random(args.seed + epoch).shuffle(train)
        losses: dict = {}
        for batch in minibatch(train, size=compounding(4.0, 16.0, 1.001)):
            update(batch, drop=args.dropout, sgd=optimizer, losses=losses)
        with component.model.use_params(optimizer.averages):
            scores = held_scores()
            if scores["all"] > best:
                best, best_epoch, best_bytes = scores["all"], epoch, component.to_bytes(exclude=["vocab"])
        print(f"epoch {epoch}: loss {losses.get(component.name, 0):.0f}  {shown(scores)}  ({time.time() - t0:.0f} s)", flush=True)
    component.from_bytes(best_bytes, exclude=["vocab"])
    args.out.mkdir(parents=True, exist_ok=True)
    component.to_disk(args.out, exclude=["vocab"])  # the vocab and vectors are the base model's own
    print(f"kept epoch {best_epoch} (held-out all F1 {best:.3f}) -> {args.out}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "models" / "ner")
    parser.add_argument("--epochs", type=int, default=6)
    parser.add_argument("--held-out", type=float, default=0.12, help="share of dev documents kept for choosing the epoch")
    parser.add_argument("--dropout", type=float, default=0.25)
    parser.add_argument("--rehearsal", type=int, default=0, help="OrangeSum articles labelled by the shipped model")
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--listener", type=int, default=None, metavar="DEPTH",
                        help="train a ner that listens to the shared tok2vec (DEPTH encoder layers of its own) from --teacher")
    parser.add_argument("--teacher", type=Path, default=None, help="a fine-tuned ner folder (this script's default output)")
    parser.add_argument("--silver", type=int, default=3000, help="--listener: OrangeSum articles labelled by the teacher")
    parser.add_argument("--init", type=Path, default=None, help="--listener: start from this listener ner's weights")
    parser.add_argument("--corpus", action=argparse.BooleanOptionalAction, default=False,
                        help="also train on corpus/dev's ORG/PER mentions (its held-out part kept for choosing the epoch)")
    parser.add_argument("--corpus-weight", type=int, default=3, help="--corpus: times each corpus article is seen per epoch")
    parser.add_argument("--titles-outside", action="store_true",
                        help="--corpus: the gold's role titles and dates are O, not missing, where the base ner says LOC/MISC")
    parser.add_argument("--corpus-held-out", type=int, default=25, help="--corpus: percent of corpus dev articles held out")
    parser.add_argument("--depeche", action="store_true",
                        help="at the end, score depeche's whole pipeline on the held-out parts, shipped ner vs this run's")
    parser.add_argument("--score", type=Path, default=None, metavar="DIR",
                        help="train nothing: score the ner in DIR and the shipped one on the held-out parts")
    parser.add_argument("--start", type=Path, default=None, metavar="DIR",
                        help="resume from the ner weights in DIR (e.g. models/ner) instead of fr_core_news_md's")
    parser.add_argument("--gold-weight", type=int, default=2, help="--listener: times each WiNER dev training doc is seen per epoch")
    args = parser.parse_args(argv)

    spacy.util.fix_random_seed(args.seed)
    nlp = spacy.load("fr_core_news_md", exclude=["lemmatizer"])
    dev = read_jsonl(WINER_DEV)
    train_docs, held = split_dev(dev, args.held_out, args.seed)
    if args.listener is not None:
        if args.teacher is None:
            sys.exit("--listener needs --teacher DIR: a ner fine-tuned by this script without --listener")
        train_listener(args, nlp, train_docs, held)
        return

    stats: Counter = Counter()
    train = [to_example(nlp, d["text"], outermost(d["entities"]), stats) for d in train_docs]
    print(f"train: {len(train)} docs, {stats['entities']} entities ({stats['misaligned']} not aligned exactly); held-out: {len(held)} docs")
    if args.rehearsal:
        t0 = time.time()
        extra = labelled_examples(nlp, nlp.get_pipe("ner"), orangesum_texts(args.rehearsal, args.seed))
        print(f"rehearsal: {len(extra)} OrangeSum articles labelled by the shipped ner ({time.time() - t0:.0f} s)")
        train += extra
    ner = nlp.get_pipe("ner")
    corpus_train, corpus_held = split_corpus(corpus_dev(), args.corpus_held_out) if args.corpus else ([], [])
    if args.corpus:
        stats = Counter()
        extra = [corpus_example(nlp, ner, d, stats, args.titles_outside) for d in corpus_train]
        print(f"corpus: {len(extra)} dev articles x {args.corpus_weight} ({stats['entities']} ORG/PER mentions, "
              f"{stats['misaligned']} not aligned exactly, {stats['missing tokens']} LOC/MISC tokens missing); "
              f"held-out: {len(corpus_held)} articles")
        train += extra * args.corpus_weight

    def held_scores() -> dict[str, float]:
        scores = evaluate(nlp, held)
        if not corpus_held:
            return scores
        both = {f"W.{k}": v for k, v in scores.items()} | {f"C.{k}": v for k, v in corpus_scores(nlp, corpus_held).items()}
        return both | {"all": (both["W.all"] + both["C.all"]) / 2}  # the mean of the two held-out parts

    if args.start is not None:  # the LOC/MISC of the corpus above stay the base model's own guesses
        ner.from_disk(args.start, exclude=["vocab"])
    base = held_scores()
    print(f"epoch 0 ({args.start or 'fr_core_news_md'}): {shown(base)}", flush=True)
    if args.score is not None:  # no training: the held-out figures of the shipped ner and of the one in args.score
        corpus_held = corpus_held or split_corpus(corpus_dev(), args.corpus_held_out)[1]
        shipped, base_bytes = (ROOT / "models" / "ner"), ner.to_bytes(exclude=["vocab"])
        for folder in (shipped, args.score):
            ner.from_disk(folder, exclude=["vocab"])
            print(f"{folder}: {shown(held_scores())}", flush=True)
        print("shipped models/ner:")
        depeche_scores(None, held, corpus_held)
        print(f"{args.score}:")
        depeche_scores(ner.to_bytes(exclude=["vocab"]), held, corpus_held)
        ner.from_bytes(base_bytes, exclude=["vocab"])
        return
    with nlp.select_pipes(enable=["ner"]):
        optimizer = nlp.resume_training()
        fit(args, ner, train, nlp.update, optimizer, held_scores, start=(base["all"], ner.to_bytes(exclude=["vocab"])))
    if args.depeche:
        corpus_held = corpus_held or split_corpus(corpus_dev(), args.corpus_held_out)[1]
        print("shipped models/ner:")
        depeche_scores(None, held, corpus_held)
        print(f"this run's ner ({args.out}):")
        depeche_scores(ner.to_bytes(exclude=["vocab"]), held, corpus_held)

if __name__ == "__main__":
    main()
