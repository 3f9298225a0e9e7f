"""The rows of the registry (`depeche.registry.entities`): typed values, kept apart from the records' contract."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_serializer

EntityKind = Literal["person", "company", "regulator", "court", "media", "government", "other"]
Rule = Literal["fold", "alias", "surname", "acronym", "short-form", "same-article"]


class _Row(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Alias(_Row):
    """A form of the entity and how many articles use it (as a record's name or alias)."""

    name: str = Field(description="The form as written.")
    articles: int = Field(description="How many articles use it for this entity.")


class Evidence(_Row):
    """Why two forms are one entity."""

    rule: Rule = Field(description="fold, alias, surname, acronym, short-form or same-article (depeche.registry).")
    names: tuple[str, str] = Field(description="The two forms joined: the one merged, then the one it was merged into.")
    articles: int = Field(description="How many articles support the join.")


class EntityRole(_Row):
    """A role one article gives the person."""

    title: str = Field(description="The title as written.")
    organisation: str | None = Field(default=None, description="The organisation's canonical name in the registry, or null.")
    organisation_key: str | None = Field(default=None, description="The organisation's registry key, or null.")
    article: str = Field(description="The article's id.")
    published: dt.date | None = Field(default=None, description="The article's day of publication, or null.")

    @field_serializer("published")
    def _iso(self, value: dt.date | None) -> str | None:
        return value.isoformat() if value else None


class Entity(_Row):
    """One real organisation or person across all the articles of a dump."""

    key: str = Field(
        description="`org:` or `per:` and the slug of the canonical name's fold key: the same for the same records, in any order."
    )
    name: str = Field(description="The canonical name: the full form most articles use as the entity's name.")
    kind: EntityKind = Field(description="person, or the organisation kind most of its articles give it.")
    aliases: list[Alias] = Field(default=[], description="Every form seen, by articles (most first).")
    articles: int = Field(description="How many articles name it.")
    article_ids: list[str] = Field(default=[], description="Those articles' ids, sorted.")
    first_published: dt.date | None = Field(default=None, description="The earliest publication day of those articles.")
    last_published: dt.date | None = Field(default=None, description="The latest publication day of those articles.")
    roles: list[EntityRole] = Field(default=[], description="A person's roles over time, by date then article.")
    evidence: list[Evidence] = Field(default=[], description="Every join that made the row, most articles first.")

    @field_serializer("first_published", "last_published")
    def _iso(self, value: dt.date | None) -> str | None:
        return value.isoformat() if value else None
