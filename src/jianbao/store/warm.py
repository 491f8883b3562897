"""Imported by the fork server ``jianbao ingest`` forks its workers from: clipping and describing a
one-line page loads every stage and model once, and the workers forked from it share them."""

from jianbao.pipeline import clip

clip("热烈庆祝。", describe=True)
