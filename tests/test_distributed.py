"""The Ray Data path gives the local path's records, on a local Ray instance with 2 CPUs."""

from __future__ import annotations

import json

import pytest

from depeche import batch

ray = pytest.importorskip("ray", reason="Ray is not installed (pip install 'depeche[ray]')")
pytest.importorskip("ray.data", reason="Ray Data is not installed (pip install 'depeche[ray]')")

pytestmark = [pytest.mark.ray, pytest.mark.model]

ARTICLES = [
    {"id": "tiktok", "published": "2020-11-25", "text": "Le groupe chinois ByteDance a obtenu mercredi un nouveau délai de sept jours pour céder les activités américaines de TikTok à Oracle et Walmart, a indiqué le Trésor américain."},
    {"id": "bnp", "published": "2021-02-11", "text": "BNP Paribas a annoncé jeudi le rachat de 20 % du capital de la fintech Lydia pour 100 millions d'euros, selon un communiqué publié à Paris."},
    {"id": "veran", "title": "Ségur", "text": "Olivier Véran a annoncé jeudi 400 millions d'euros supplémentaires pour mieux rémunérer les soignants, a indiqué le ministère de la Santé à l'AFP."},
    {"id": "english", "text": "The company said on Monday that profits rose sharply in the third quarter, beating analysts expectations by a wide margin, and that it would raise its dividend."},
]


@pytest.fixture(scope="module")
def local_ray():
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False, ignore_reinit_error=True)
    yield
    ray.shutdown()


def test_ray_gives_the_local_records(local_ray, depeche_extractor, tmp_path):
    from depeche import distributed

    dump = tmp_path / "dump.jsonl"
    dump.write_text("".join(json.dumps(a, ensure_ascii=False) + "\n" for a in ARTICLES) + "{not json\n" + json.dumps({"id": "void", "text": " "}) + "\n", encoding="utf-8")
    local = tmp_path / "local.jsonl"
    batch.run(depeche_extractor, [dump], local, batch_size=8)

    summary = distributed.run([str(dump)], str(tmp_path / "ray"), concurrency=1, batch_size=8)

    def shards(part: str) -> list[dict]:
        return [json.loads(line) for f in sorted((tmp_path / "ray" / part).glob("*.jsonl")) for line in f.read_text(encoding="utf-8").splitlines()]

    records, errors = shards("records"), shards("errors")
    local_records = [json.loads(line) for line in local.read_text(encoding="utf-8").splitlines()]
    assert sorted(records, key=lambda r: r["article"]["id"]) == sorted(local_records, key=lambda r: r["article"]["id"])
    assert (summary.articles, summary.errors) == (3, 3)
    assert {e["id"] for e in errors} >= {"english", "void"}
    assert any("not JSON" in e["reason"] for e in errors)
    assert sum(r["organisations"] != [] for r in records) >= 1
