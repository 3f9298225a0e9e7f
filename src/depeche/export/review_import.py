"""The way back: corrected annotations as gold. `from_label_studio` reads the tasks of a Label Studio JSON
export, `import_label_studio` writes their gold and articles into a corpus folder."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from depeche.evaluate.gold import GoldArticle, span_problems, split_of
from depeche.export.annotation import _Reader, _reason
from depeche.records import Article

SPLITS = ("dev", "test")  # the corpus splits (depeche.evaluate.SPLITS)


class ReviewImportError(Exception):
    """A Label Studio export that cannot be read, or gold that cannot be written where asked."""


@dataclass
class ImportedArticle:
    """One task brought back: the gold, and the article (text and metadata) it is about."""

    gold: GoldArticle
    article: Article
    notes: list[str] = field(default_factory=list)  # what in the annotation could not become gold, one line each


def _annotation(task: dict) -> dict | None:
    """The annotation of a task that counts: a ground-truth one first, else the last updated; never a skipped one."""
    annotations = [a for a in task.get("annotations") or task.get("completions") or [] if isinstance(a, dict)]
    submitted = [a for a in annotations if not a.get("was_cancelled")]
    if not submitted:
        return None
    return max(submitted, key=lambda a: (bool(a.get("ground_truth")), str(a.get("updated_at") or a.get("created_at") or "")))


def _who(annotation: dict) -> str:
    user = annotation.get("completed_by")
    if isinstance(user, dict):
        user = user.get("email") or user.get("username") or user.get("id")
    return f"Label Studio (user {user})" if user is not None else "Label Studio"


def from_label_studio(tasks: Any, source: str = "tasks") -> tuple[list[ImportedArticle], list[str]]:
    """The gold of every annotated task of a Label Studio JSON export (a list of tasks), and one line per task
    left out (no submitted annotation, no text, no article id)."""
    if isinstance(tasks, dict) and "data" in tasks:
        tasks = [tasks]
    if not isinstance(tasks, list):
        raise ReviewImportError(f"{source}: not a Label Studio JSON export (a list of tasks)")
    imported, skipped = [], []
    for number, task in enumerate(tasks, start=1):
        data = task.get("data") if isinstance(task, dict) else None
        if not isinstance(data, dict):
            raise ReviewImportError(
                f"{source}: task {number} has no `data`: not Label Studio's JSON export (export as JSON, not JSON-MIN or CSV)"
            )
        where = f"task {task.get('id', number)}"
        text, article_id = data.get("text"), data.get("id")
        if isinstance(article_id, int) and not isinstance(article_id, bool):
            article_id = str(article_id)
        if not isinstance(text, str) or not text:
            skipped.append(f"{where}: no data.text")
            continue
        if not isinstance(article_id, str) or not article_id.strip():
            skipped.append(f"{where}: no data.id (the article id depeche exported)")
            continue
        where = f"{where} ({article_id})"
        annotation = _annotation(task)
        if annotation is None:
            skipped.append(f"{where}: no submitted annotation")
            continue
        reader = _Reader(text, annotation.get("result") or [], where)
        try:
            gold = GoldArticle.model_validate({**reader.gold(article_id), "annotator": _who(annotation)})
            article = Article(
                id=article_id, text=text, title=data.get("title") or None, published=data.get("published") or None,
                url=data.get("url") or None, source=data.get("source") or None,
            )
        except (ValidationError, ValueError) as err:
            reason = _reason(err) if isinstance(err, ValidationError) else str(err)
            skipped.append(f"{where}: {reason}")
            continue
        imported.append(ImportedArticle(gold, article, reader.notes))
    return imported, skipped


@dataclass
class ImportSummary:
    tasks: int = 0
    gold: list[Path] = field(default_factory=list)  # gold files written
    articles: list[Path] = field(default_factory=list)  # article files written (those not already there)
    skipped: list[str] = field(default_factory=list)  # tasks left out, one line each
    notes: list[str] = field(default_factory=list)  # parts of annotations left out, one line each


_SAFE_ID = re.compile(r"[^/\\\x00-\x1f]{1,200}")


def import_label_studio(tasks_path: str | Path, folder: str | Path, *, force: bool = False) -> ImportSummary:
    """Gold files `<folder>/gold/<id>.json` from the Label Studio JSON export `tasks_path`, and each article
    as `<folder>/articles/<id>.txt` with its `<id>.json` sidecar when it is not there yet (the corpus layout of
    corpus/README.md, so `depeche evaluate --gold <folder>/gold` or `--corpus` reads them). Refuses, before
    writing anything, an existing gold file (unless `force`) and an existing article whose text is not the
    task's (the gold's offsets would point elsewhere)."""
    tasks_path = Path(tasks_path)
    try:
        loaded = json.loads(tasks_path.read_bytes().decode("utf-8"))
    except FileNotFoundError:
        raise ReviewImportError(f"{tasks_path}: no such file") from None
    except IsADirectoryError:
        raise ReviewImportError(f"{tasks_path}: a folder, not a Label Studio export") from None
    except UnicodeDecodeError as err:
        raise ReviewImportError(f"{tasks_path}: not UTF-8 (byte {err.start})") from None
    except json.JSONDecodeError as err:
        raise ReviewImportError(f"{tasks_path}: not JSON ({err.msg} at line {err.lineno}, column {err.colno})") from None
    imported, skipped = from_label_studio(loaded, str(tasks_path))
    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        raise ReviewImportError(f"{folder}: not a folder")
    summary = ImportSummary(tasks=len(loaded) if isinstance(loaded, list) else 1, skipped=skipped)
    plan = []
    seen: set[str] = set()
    for item in imported:
        aid = item.gold.id
        if not _SAFE_ID.fullmatch(aid) or aid in (".", "..") or aid.startswith("."):
            summary.skipped.append(f"article id {aid!r}: cannot be a file name")
            continue
        if aid in seen:
            summary.skipped.append(f"{aid}: a second task for the same article (the first is kept)")
            continue
        seen.add(aid)
        gold_path = folder / "gold" / f"{aid}.json"
        text_path = folder / "articles" / f"{aid}.txt"
        if gold_path.exists() and not force:
            raise ReviewImportError(f"{gold_path} exists (use --force to overwrite)")
        if text_path.exists() and text_path.read_bytes() != item.article.text.encode("utf-8"):
            raise ReviewImportError(f"{text_path} exists with another text than task {aid}'s: its gold would not fit it")
        problems = span_problems(item.gold, item.article.text)
        if problems:  # cannot happen: every region was checked against the text
            raise ReviewImportError(f"{aid}: {problems[0]}")
        summary.notes.extend(item.notes)
        if folder.name in SPLITS and split_of(aid) != folder.name:
            summary.notes.append(f"{aid}: split_of puts it in {split_of(aid)}, not {folder.name} (corpus/README.md)")
        plan.append((item, gold_path, text_path))
    for item, gold_path, text_path in plan:
        gold_path.parent.mkdir(parents=True, exist_ok=True)
        gold_path.write_text(
            json.dumps(item.gold.model_dump(mode="json"), ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
        )
        summary.gold.append(gold_path)
        if not text_path.exists():
            text_path.parent.mkdir(parents=True, exist_ok=True)
            text_path.write_bytes(item.article.text.encode("utf-8"))
            sidecar = item.article.model_dump(mode="json", exclude={"text"})
            text_path.with_suffix(".json").write_text(json.dumps(sidecar, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
            summary.articles.append(text_path)
    return summary


IMPORT_FORMATS = ("label-studio",)
