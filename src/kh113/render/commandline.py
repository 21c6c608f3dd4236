"""The command line's own words in the reader's language: ``-h`` help and usage errors (issue #11 item 1).

Help texts are written in English in ``cli.py`` (they are the message ids); the commands here word them
when help is shown, in the language of ``--lang`` on the command line, else ``$KH113_LANG``, else
Vietnamese. The few words click adds around them (``Usage:``, ``Options:``, ``[default: …]``) and its
usage errors (``No such option``, ``Missing argument``, Pydantic's ``Input should be …``) are said again
in our words, so a clerk never meets English or a library's phrasing in a Vietnamese session.
"""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Callable, Sequence
from typing import Any

from typer.core import TyperCommand, TyperGroup

from ..i18n import DEFAULT_LANGUAGE, LANGUAGES, N_, translator
from ..messages import Message, msg, verbatim

Translate = Callable[[str], str]
_ARGS = "kh113.args"  # where the root command keeps the raw arguments (click shares ``meta`` with sub-contexts)

# The words click writes around our help, as they appear in its plain (non-Rich) layout.
_FRAME = (
    ("Usage:", msg("Usage:")),
    ("Options:", msg("Options:")),
    ("Commands:", msg("Commands:")),
    ("Arguments:", msg("Arguments:")),
    ("Show this message and exit.", msg("Show this message and exit.")),
    ("[default: ", msg("[default: ")),
    ("[required]", msg("[required]")),
    ("[OPTIONS]", msg("[OPTIONS]")),
    ("COMMAND [ARGS]...", msg("COMMAND [ARGS]...")),
)
# Typer's names for option values, said as a clerk would read them (set before layout, so columns align).
_METAVARS = {
    "<int range>": msg("<number>"),
    "<int>": msg("<number>"),
    "<path>": msg("<path>"),
    "<list[str]>": msg("<id>"),
    "<str>": msg("<text>"),
}


def language_of(args: Sequence[str], env: str | None) -> str:
    """The language asked for on the command line (``--lang en`` or ``--lang=en``), else ``env``, else vi."""
    for i, arg in enumerate(args):
        value = args[i + 1] if arg == "--lang" and i + 1 < len(args) else arg.partition("=")[2]
        if (arg == "--lang" or arg.startswith("--lang=")) and value in LANGUAGES:
            return value
    return env if env in LANGUAGES else DEFAULT_LANGUAGE


def _translator(ctx: Any) -> Translate:
    root = ctx.find_root()
    return translator(language_of(root.meta.get(_ARGS, ()), os.environ.get("KH113_LANG")))


def _worded(command: Any, ctx: Any, _: Translate) -> None:
    """Put ``command``'s help (and its options', and its subcommands' one-line help) in the reader's language."""
    params = command.get_params(ctx)  # with the help option, whose text is click's
    for param in params:
        if getattr(param, "is_flag", False) or getattr(param, "count", False) or not hasattr(param, "display_type"):
            continue
        metavar = param.__dict__.setdefault("kh113_metavar", param.metavar)
        if getattr(param, "param_type_name", "") == "argument":
            # An argument's metavar is its name (in usage errors too): word only the type shown beside it.
            typed = _METAVARS.get(param.display_type(ctx))
            if typed is not None:
                param.display_type_rich = functools.partial(_said, typed.text(_))
            continue
        said = _METAVARS.get(param.display_type(ctx)) if metavar is None else None
        param.metavar = said.text(_) if said is not None else _(metavar) if metavar else metavar
    for item in (command, *params, *getattr(command, "commands", {}).values()):
        english = item.__dict__.setdefault("kh113_help", getattr(item, "help", None))
        if english:
            item.help = _(english)
        short = item.__dict__.setdefault("kh113_short_help", getattr(item, "short_help", None))
        if short:
            item.short_help = _(short)


def _said(text: str, ctx: Any) -> str:
    return text


def _framed(text: str, _: Translate) -> str:
    # click wraps a line before we see it, so a phrase may span a line break ("[default:\n   table]").
    for english, said in _FRAME:
        text = _phrase(english).sub(functools.partial(_respaced, said.text(_)), text)
    return text


@functools.cache
def _phrase(english: str) -> re.Pattern[str]:
    return re.compile(r"\s+".join(re.escape(word) for word in english.split(" ")))


def _respaced(said: str, match: re.Match[str]) -> str:
    """``said`` with the line break ``found`` had, in the same gap counted from the end, so the layout stays
    as click wrapped it (``[default:⏎ table]`` becomes ``[mặc định:⏎ table]``)."""
    gaps = re.findall(r"\s+", match.group(0))
    broken = [i for i, gap in enumerate(gaps) if "\n" in gap]
    if not broken:
        return said
    words = said.split(" ")
    at = max(0, len(words) - 1 - (len(gaps) - broken[0]))
    return " ".join(words[: at + 1]) + gaps[broken[0]] + " ".join(words[at + 1 :])


class _InLanguage:
    """Help worded at the time it is shown; usage errors worded in our words."""

    def format_help(self, ctx: Any, formatter: Any) -> None:
        _ = _translator(ctx)
        _worded(self, ctx, _)
        start = len(formatter.buffer)
        super().format_help(ctx, formatter)  # type: ignore[misc]
        formatter.buffer[start:] = [_framed(part, _) for part in formatter.buffer[start:]]


class Command(_InLanguage, TyperCommand):
    """A kh113 subcommand."""


class Group(_InLanguage, TyperGroup):
    """The ``kh113`` command: keeps the raw arguments (for ``--lang`` before help) and rewords usage errors."""

    def make_context(self, info_name: Any, args: list[str], parent: Any = None, **extra: Any) -> Any:
        arguments = list(args)
        try:
            ctx = super().make_context(info_name, args, parent=parent, **extra)
        except Exception as exc:
            _reword(exc, arguments)
            raise
        ctx.meta[_ARGS] = arguments
        return ctx

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        ctx.meta[_ARGS] = list(args)  # before parsing: `-h` is acted on while parsing
        return super().parse_args(ctx, args)

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except Exception as exc:
            _reword(exc, ctx.meta.get(_ARGS, ()))
            raise


def _reword(exc: Exception, args: Sequence[str]) -> None:
    """A click usage error, said in our words and the reader's language, shown as ``kh113: …`` (exit 2)."""
    if not (hasattr(exc, "show") and hasattr(exc, "format_message") and hasattr(exc, "exit_code")):
        return
    _ = translator(language_of(args, os.environ.get("KH113_LANG")))
    said = usage_message(exc.format_message()).text(_)
    command = getattr(getattr(exc, "ctx", None), "command_path", None) or "kh113"
    hint = msg("see `{command} -h`", command=command).text(_)

    def show(file: Any = None) -> None:
        import typer

        typer.echo(f"kh113: {said} ({hint})", err=True)

    exc.message = said  # type: ignore[attr-defined]
    exc.show = show  # type: ignore[attr-defined]


# click's and Pydantic's phrasings (Typer validates option values through Pydantic), most specific first;
# ``detail`` is itself reworded by the second list.
_USAGE = (
    (
        r"^No such option: (?P<option>\S+) Did you mean (?P<match>\S+)\?$",
        N_("no such option {option} (did you mean {match}?)"),
    ),
    (
        r"^No such option: (?P<option>\S+) \(Possible options: (?P<choices>.*)\)$",
        N_("no such option {option} (options that come close: {choices})"),
    ),
    (r"^No such option: (?P<option>\S+)$", N_("no such option {option}")),
    (
        r"^No such command '(?P<command>[^']*)'\. Did you mean '(?P<match>[^']*)'\?$",
        N_("no such command `{command}` (did you mean `{match}`?)"),
    ),
    (r"^No such command '(?P<command>[^']*)'\.$", N_("no such command `{command}`")),
    (r"^Missing argument '(?P<argument>[^']*)'\.$", N_("missing argument {argument}")),
    (r"^Missing option '(?P<option>[^']*)'\.$", N_("missing option {option}")),
    (r"^Option '(?P<option>[^']*)' requires an argument\.$", N_("option {option} needs a value")),
    (r"^Option '(?P<option>[^']*)' does not take a value\.$", N_("option {option} takes no value")),
    (r"^Got unexpected extra arguments? \((?P<extra>.*)\)$", N_("unexpected extra argument(s): {extra}")),
    (r"^Invalid value for (?P<option>'[^:]*'): (?P<detail>.*)$", N_("invalid value for {option}: {detail}")),
)
_DETAILS = (
    (r"^'(?P<value>[^']*)' is not one of (?P<choices>.*)\.$", N_("`{value}` is not a choice; use one of {choices}")),
    (r"^'(?P<value>[^']*)' is not a valid integer( range)?\.$", N_("`{value}` is not a whole number")),
    (r"^Input should be a valid integer.*$", N_("must be a whole number")),
    (r"^Input should be a valid number.*$", N_("must be a number")),
    (r"^Input should be less than or equal to (?P<bound>\S+)$", N_("must be at most {bound}")),
    (r"^Input should be greater than or equal to (?P<bound>\S+)$", N_("must be at least {bound}")),
    (r"^'?(?P<value>[^']*?)'? is not in the range (?P<range>.*)\.$", N_("`{value}` is outside the range {range}")),
)


def usage_message(text: str) -> Message:
    """click's usage error ``text`` as a message of ours (English id, worded per language)."""
    text = " ".join(text.split())
    for pattern, said in _USAGE:
        found = re.match(pattern, text)
        if found:
            args: dict[str, Any] = dict(found.groupdict())
            if "detail" in args:
                args["detail"] = _detail(args["detail"])
                args["option"] = args["option"].replace("'", "")  # '--format' / '-f'
            elif "match" in args:
                args["match"] = args["match"].replace("'", "")
            return Message(said, args)
    return _detail(text)


def _detail(text: str) -> Message:
    text = text.removeprefix("Value error, ")  # Pydantic's prefix on a validator's own words
    for pattern, said in _DETAILS:
        found = re.match(pattern, text)
        if found:
            return Message(said, {k: v for k, v in found.groupdict().items() if v is not None})
    return verbatim(text)
