"""Offices with one holder at a time (components/people/offices.py): a definite description of the office that no
name follows goes to whoever held it on the publication day, when the article names that person."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from depeche.components.organisations import read_lines
from depeche.components.people.offices import office_key, read_offices, same_person

LEXICON = Path(__file__).resolve().parents[1] / "models" / "lexicons" / "people_office_holders.tsv"
OFFICES = read_offices(read_lines(LEXICON))


@pytest.mark.parametrize(
    "title, day, holder",
    [
        ("président de la République", "2020-06-01", "Emmanuel Macron"),
        ("chef de l'Etat", "2016-03-01", "François Hollande"),  # an alias of the office, without its accent
        ("Premier ministre", "2020-07-02", "Édouard Philippe"),
        ("Premier ministre", "2020-07-03", "Jean Castex"),  # a holder's last day is the next one's first
        ("président américain", "2020-11-04", "Donald Trump"),
        ("président des États-Unis", "2021-06-01", "Joe Biden"),
        ("président de la République", "2001-01-01", None),  # before the table
        ("Premier ministre britannique", "2020-06-01", None),  # another country's office is another title
    ],
)
def test_the_holder_on_a_day(title, day, holder):
    assert OFFICES.holder(office_key(title), dt.date.fromisoformat(day)) == holder


def test_no_day_no_holder():
    assert OFFICES.holder(office_key("Premier ministre"), None) is None


@pytest.mark.parametrize(
    "name, expected",
    [("Emmanuel Macron", True), ("emmanuel macron", True), ("Macron", True), ("Brigitte Macron", False), ("Emmanuel", False)],
)
def test_the_same_person(name, expected):
    assert same_person("Emmanuel Macron", name) is expected


@pytest.mark.parametrize(
    "lines, where",
    [
        (["fr-president\tprésident de la République\tEmmanuel Macron"], "line 1"),  # a holder without a first day
        (["# a comment", "fr-president\tprésident\tX\t2017-13-01"], "line 2"),  # no such date
        (["\tprésident"], "line 1"),  # no office
    ],
)
def test_a_bad_line_is_said_with_its_number(lines, where):
    with pytest.raises(ValueError, match=where):
        read_offices(lines)


@pytest.mark.model
@pytest.mark.parametrize(
    "text, published, person, title",
    [
        # the last person named is not the one the description stands for
        ("Emmanuel Macron est à Chambord. Richard Ferrand défend le week-end. Le chef de l'État passe deux jours au château.",
         "2017-12-17", "Emmanuel Macron", "chef de l'État"),
        ("Édouard Philippe a reçu les syndicats. Laurent Berger a proposé une conférence. Le Premier ministre a accepté.",
         "2020-01-08", "Édouard Philippe", "Premier ministre"),
        # the same words ten years before: François Hollande was in office, this article names him
        ("François Hollande est à Tulle. Manuel Valls défend la réforme. Le chef de l'État a pris la parole.",
         "2015-06-01", "François Hollande", "chef de l'État"),
        # not a subject: the office needs none
        ("Françoise Nyssen est fragilisée. Elle peut compter sur le soutien du Premier ministre. Édouard Philippe l'a appelée.",
         "2018-08-23", "Édouard Philippe", "Premier ministre"),
        ("Donald Trump est arrivé à Paris. La voiture du président américain est tombée en panne devant l'Élysée.",
         "2018-11-11", "Donald Trump", "président américain"),
        # the holder's surname is another person's too: the one named in full as the holder
        ("Robert S. Trump est mort samedi. Donald Trump était à son chevet. Le président américain a salué son frère.",
         "2020-08-16", "Donald Trump", "président américain"),
    ],
)
def test_a_description_of_an_office_goes_to_its_holder_on_the_day(depeche_extractor, text, published, person, title):
    record = depeche_extractor.extract(text, id="t", published=published)
    holders = [p.name for p in record.people if any(r.title == title for r in p.roles)]
    assert holders == [person]
    role = next(r for p in record.people if p.name == person for r in p.roles if r.title == title)
    assert "people.role:office" in role.via


@pytest.mark.model
@pytest.mark.parametrize(
    "text, published, person, title",
    [
        # a past holder: the office's holder of the day does not take it
        ("Emmanuel Macron est à Paris. François Hollande est à Tulle. L'ancien chef de l'État a pris la parole.",
         "2020-06-01", "François Hollande", "chef de l'État"),
    ],
)
def test_a_past_holder_is_not_the_one_in_office(depeche_extractor, text, published, person, title):
    record = depeche_extractor.extract(text, id="t", published=published)
    assert [p.name for p in record.people if any(r.title == title for r in p.roles)] == [person]
    assert all("people.role:office" not in r.via for p in record.people for r in p.roles)
