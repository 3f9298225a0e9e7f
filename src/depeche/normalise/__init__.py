"""Normalisers: plain functions on strings (money, dates, names). No spaCy here."""
