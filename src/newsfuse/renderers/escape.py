"""Escaping for every rendering that interprets text: nothing from an article can forge markup."""

from __future__ import annotations


def escape_markdown(text: str) -> str:
    for char in "\\`*_[]<>#|":
        text = text.replace(char, "\\" + char)
    return text


def one_line(text: str) -> str:
    return " ".join(text.split())
