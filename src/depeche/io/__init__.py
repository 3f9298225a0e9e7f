"""Readers (inputs -> Articles or ErrorLines) and writers (records -> JSONL)."""
