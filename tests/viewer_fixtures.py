"""Records built by hand for the viewer and export tests: every field of the contract filled in."""

from __future__ import annotations

import threading
from contextlib import contextmanager
from pathlib import Path

from depeche.records import (
    Article,
    ArticleRecord,
    Asset,
    Condition,
    Deadline,
    Deal,
    DealParty,
    Money,
    NewEntity,
    Organisation,
    Person,
    Role,
    Source,
    Span,
    Stake,
    TimeExpression,
)

DEAL_TEXT = (
    "Oracle va racheter 20 % de TikTok pour 2,5 milliards de dollars, selon Reuters.\n\n"
    "ByteDance doit céder l'application avant le 4 décembre, sous réserve de l'accord du CFIUS. "
    "Walmart et Oracle créeront TikTok Global. Jen Psaki, porte-parole de la Maison Blanche, a confirmé."
)


def at(text: str, needle: str, nth: int = 0) -> Span:
    """The span of the nth occurrence of `needle` in `text`."""
    start = -1
    for _ in range(nth + 1):
        start = text.index(needle, start + 1)
    return Span.at(text, start, start + len(needle))


def sentence(text: str, needle: str) -> Span:
    start = text.index(needle)
    begin = max(text.rfind(".", 0, start), text.rfind("\n", 0, start)) + 1
    while text[begin] == " ":
        begin += 1
    end = text.index(".", start) + 1
    return Span.at(text, begin, end)


def deal_record(article_id: str = "a-deal", text: str = DEAL_TEXT, published: str = "2020-11-25", title: str | None = "Oracle et TikTok") -> ArticleRecord:
    """A record using every model of the contract (organisations, people, dates, deadlines, one deal)."""
    t = text
    oracle = Organisation(id="o1", name="Oracle", kind="company", mentions=[at(t, "Oracle"), at(t, "Oracle", 1)])
    tiktok = Organisation(id="o2", name="TikTok", aliases=["TikTok Global"], kind="company", mentions=[at(t, "TikTok")])
    bytedance = Organisation(id="o3", name="ByteDance", kind="company", mentions=[at(t, "ByteDance")])
    walmart = Organisation(id="o4", name="Walmart", kind="company", mentions=[at(t, "Walmart")])
    cfius = Organisation(id="o5", name="CFIUS", kind="regulator", mentions=[at(t, "CFIUS")])
    reuters = Organisation(id="o6", name="Reuters", kind="media", mentions=[at(t, "Reuters")])
    maison_blanche = Organisation(id="o7", name="Maison Blanche", kind="government", mentions=[at(t, "Maison Blanche")])
    psaki = Person(
        id="p1",
        name="Jen Psaki",
        roles=[Role(title="porte-parole", organisation="o7", span=at(t, "porte-parole de la Maison Blanche"))],
        mentions=[at(t, "Jen Psaki")],
    )
    date = TimeExpression(value=f"{published[:4]}-12-04", type="date", granularity="day", span=at(t, "4 décembre"))
    deadline = Deadline(
        id="d1",
        date=f"{published[:4]}-12-04",
        span=at(t, "4 décembre"),
        trigger=at(t, "céder"),
        description="céder TikTok",
        parties=["o3"],
        kind="deadline",
        evidence=sentence(t, "ByteDance doit"),
    )
    deal = Deal(
        id="deal1",
        kind="stake",
        trigger=at(t, "racheter"),
        parties=[
            DealParty(role="buyer", name="Oracle", ref="o1", span=at(t, "Oracle")),
            DealParty(role="target", name="TikTok", ref="o2", span=at(t, "TikTok")),
            DealParty(role="seller", name="ByteDance", ref="o3", span=at(t, "ByteDance")),
            DealParty(role="regulator", name="CFIUS", ref="o5", span=at(t, "CFIUS")),
        ],
        asset=Asset(text="20 % de TikTok", span=at(t, "20 % de TikTok")),
        amount=Money(value=2.5e9, currency="USD", span=at(t, "2,5 milliards de dollars")),
        price_per_share=None,
        stake=Stake(percent=20.0, span=at(t, "20 %")),
        status="negotiating",
        reported_by=Source(name="Reuters", ref="o6", span=at(t, "Reuters")),
        conditions=[Condition(text="accord du CFIUS", span=at(t, "accord du CFIUS"))],
        new_entities=[NewEntity(name="TikTok Global", span=at(t, "TikTok Global"))],
        deadlines=["d1"],
        evidence=[sentence(t, "Oracle va racheter")],
    )
    return ArticleRecord(
        article=Article(id=article_id, title=title, published=published, url="https://example.org/tiktok", source="test", text=t),
        organisations=[oracle, tiktok, bytedance, walmart, cfius, reuters, maison_blanche],
        people=[psaki],
        dates=[date],
        deadlines=[deadline],
        deals=[deal],
        warnings=["a warning for the viewer"],
    )


HOSTILE_TEXT = (
    'Evil Corp publie </script><script>window.__pwned=1</script> et <img src=x onerror="window.__pwned=2;alert(1)"> '
    "puis </textarea><svg onload=window.__pwned=3> et <!-- \u2028 --> avec Evil Corp."
)


def hostile_record(article_id: str = "<img src=x onerror=alert(1)>") -> ArticleRecord:
    """An article whose text, title and names are HTML/JS meant to run."""
    t = HOSTILE_TEXT
    evil = Organisation(
        id="o1",
        name='<b onmouseover="window.__pwned=4">Evil Corp</b>',
        kind="company",
        mentions=[at(t, "Evil Corp"), at(t, "Evil Corp", 1), at(t, "<script>window.__pwned=1</script>")],
    )
    return ArticleRecord(
        article=Article(
            id=article_id,
            title='</script><script>window.__pwned=5</script><img src=x onerror="window.__pwned=6">',
            published="2021-02-11",
            url="javascript:window.__pwned=7",
            source="<iframe src=javascript:alert(1)>",
            text=t,
        ),
        organisations=[evil],
        warnings=["<img src=x onerror=window.__pwned=8>"],
    )


def plain_record(article_id: str, text: str, published: str | None = None, orgs: tuple[str, ...] = ()) -> ArticleRecord:
    """A small record with organisation mentions found by plain search."""
    organisations = [
        Organisation(id=f"o{i}", name=name, kind="company", mentions=[at(text, name)]) for i, name in enumerate(orgs, start=1)
    ]
    return ArticleRecord(
        article=Article(id=article_id, title=None, published=published, text=text), organisations=organisations
    )


@contextmanager
def serving(path: Path):
    """`depeche serve` of the records file `path` on a free loopback port, in a thread; stopped on exit."""
    from depeche.viewer.server import make_server

    server = make_server(path, 0)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        server.index.close()
        thread.join(5)
