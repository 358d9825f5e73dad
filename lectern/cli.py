"""Command line: build (default), serve, import, bench, new. The only place that prints problems and exits.

The project is the working folder (or the folder build.py lives in): its content/, optional
lectern.toml, templates/ and assets/ (see config.py).

Exit status: 0 success, 1 content errors (each printed as path:line: message) or an unusable command line,
2 internal failure (a bug in Lectern).
"""

from __future__ import annotations

import argparse
import atexit
import os
import re
import sys
import time
import traceback
from pathlib import Path
from typing import NoReturn

from . import __version__
from .config import Config, load_config
from .errors import ContentErrors
from .executor import make_executor
from .model import TRANSLATION_STATUSES
from .outdir import OutputRefused, claim_output
from .write import OutputNotWritable


class _Parser(argparse.ArgumentParser):
    """A mistyped command line is the user's mistake, not Lectern's: exit 1, as for content errors."""

    def error(self, message: str):
        self.print_usage(sys.stderr)
        self.exit(1, f"{self.prog}: error: {message}\n")


def _parser() -> argparse.ArgumentParser:
    defaults = Config()
    parser = _Parser(
        prog="lectern",
        description="Build the reading site of the project in the working folder: content/ into site/.",
    )
    parser.add_argument("--version", action="version", version=f"lectern {__version__}")
    _add_common_options(parser, defaults)
    # The same options after the verb (`lectern serve --out X`); SUPPRESS keeps the values given before it.
    common = _Parser(add_help=False, argument_default=argparse.SUPPRESS)
    _add_common_options(common, None)
    sub = parser.add_subparsers(dest="command")
    sub.add_parser("build", parents=[common], help="build the site (the default)")
    serve = sub.add_parser("serve", parents=[common], help="build, then preview the site on 127.0.0.1")
    serve.add_argument("--port", type=_port, default=8000, help="port (default: 8000; 0 picks a free one)")
    bench = sub.add_parser("bench", help="build 1x, 10x and 50x copies of the content and report the cost")
    bench.add_argument(
        "--scales", default=[1, 10, 50], type=_scales, help="comma-separated copies of the content (default: 1,10,50)"
    )
    bench.add_argument("--runs", type=_runs, default=5, help="builds per scale up to 10x; a third as many above")
    bench.add_argument("--json", type=Path, help="also write the figures as JSON to this file")
    importer = sub.add_parser(
        "import", parents=[common], help="turn a text exported from PDF into a content Markdown file"
    )
    importer.add_argument("file", type=Path, help="UTF-8 text file")
    importer.add_argument(
        "--slug", help="the original's short stable name: lowercase ASCII words joined by hyphens, e.g. hippo-2015"
    )
    importer.add_argument("--title-en", help="English title for the front matter")
    importer.add_argument("--date", help="date for the front matter, e.g. 2015-06-17")
    importer.add_argument(
        "--output", type=Path, help="where to write instead (default: CONTENT/SLUG.md, or CONTENT/SLUG.LANG.md)"
    )
    importer.add_argument("--force", action="store_true", help="overwrite an existing file")
    importer.add_argument("--lang", help="a language version: the export's language (en, fr, es), with --into")
    importer.add_argument("--into", metavar="SLUG", help="a language version: the slug of the original it goes with")
    importer.add_argument("--title", help="a language version's title (default for English: the original's title_en)")
    importer.add_argument(
        "--status",
        choices=TRANSLATION_STATUSES,
        default="official",
        help="a language version: the official text (default) or a working translation",
    )
    new = sub.add_parser("new", help="start a new site folder: a sample document, a glossary, settings")
    new.add_argument("folder", type=Path, help="a folder that does not exist yet (or is empty)")
    new.add_argument("--title", help="the site's title (default: the folder's name)")
    new.add_argument("--quiet", action="store_true", default=argparse.SUPPRESS, help="print only errors")
    return parser


def _scales(text: str) -> list[int]:
    try:
        scales = [int(part) for part in text.split(",")]
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a comma-separated list of whole numbers, e.g. 1,10,50"
        ) from None
    if any(not 1 <= scale <= 1000 for scale in scales):
        raise argparse.ArgumentTypeError(f"{text!r}: every scale must be 1 to 1000 copies of the content")
    return scales


def _runs(text: str) -> int:
    if not text.isdigit() or not 1 <= int(text) <= 100:
        raise argparse.ArgumentTypeError(f"{text!r}: give a whole number of runs from 1 to 100")
    return int(text)


def _port(text: str) -> int:
    try:
        port = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port number") from None
    if not 0 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"{port} is out of range: a port is 1 to 65535 (0 picks a free one)")
    return port


def _check_port(port: int) -> None:
    """Say at once that the port is taken, instead of after the build."""
    import socket

    with socket.socket() as probe:
        try:
            probe.bind(("127.0.0.1", port))
        except OSError as error:
            raise OutputRefused(
                f"127.0.0.1:{port}: cannot serve on this port ({error.strerror}); choose another with --port"
            ) from error


def _add_common_options(parser: argparse.ArgumentParser, defaults: Config | None) -> None:
    kwargs = (lambda value: {"default": value}) if defaults else (lambda value: {})
    # Paths default to None: the project's folders (content/, site/, templates/ of the working folder).
    parser.add_argument("--content", type=Path, help="content folder (default: content/)", **kwargs(None))
    parser.add_argument("--out", type=Path, help="output folder (default: site/)", **kwargs(None))
    parser.add_argument(
        "--templates",
        type=Path,
        help="templates that replace the default ones of the same name (default: templates/)",
        **kwargs(None),
    )
    parser.add_argument("--quiet", action="store_true", help="print only errors")
    parser.add_argument("--verbose", action="store_true", help="also report what the build found (abbreviations)")
    parser.add_argument(
        "--jobs",
        type=int,
        help="processes for rendering (default: 2 when the machine has 2 cores)",
        **kwargs(Config().jobs if defaults else None),
    )
    parser.add_argument(
        "--strict", action="store_true", help="fail on warnings: references that lead nowhere, broken internal links"
    )
    parser.add_argument(
        "--base-url",
        type=_base_url,
        metavar="URL",
        help="published address of the site (https://example.org/lectern/); copied links use it",
        **kwargs(defaults.base_url if defaults else None),
    )


def _base_url(value: str) -> str:
    """An absolute http(s) address, ending in a slash so that page paths append to it."""
    value = value.strip()
    if not re.fullmatch(r"https?://[^\s/?#]+(/[^\s?#]*)?", value):
        raise argparse.ArgumentTypeError(f"not an http(s) address: {value!r}")
    return value if value.endswith("/") else value + "/"


def run(argv: list[str] | None = None, *, root: Path | None = None) -> NoReturn:
    """The `lectern` command (and `python -m lectern`, build.py): `main`, then `finish`."""
    finish(main(argv, root=root))


def finish(code: int) -> NoReturn:
    """End the process with `code` once the exit handlers have run and the output is flushed, without the
    interpreter's teardown: it frees the build's objects one by one (0.15 s after a 10x build, a tenth of a
    small site's build) and nothing of it is needed once the site is in place."""
    atexit._run_exitfuncs()  # multiprocessing's among them; the executor has shut down already
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed pipe or stream: nothing more can be said
            pass
    os._exit(code)


def main(argv: list[str] | None = None, *, root: Path | None = None) -> int:
    """Run one command; `root` is the project folder (default: the working folder). Returns the exit status."""
    args = _parser().parse_args(argv)
    say = (lambda *a: None) if args.quiet else print
    if args.command == "new":
        return _new(args, say)
    try:
        config = load_config(
            root or Path.cwd(),
            content=args.content,
            out=args.out,
            templates=args.templates,
            strict=args.strict,
            jobs=max(1, args.jobs),
            base_url=args.base_url,
        )
    except ContentErrors as errors:
        for error in errors.errors:
            print(error, file=sys.stderr)
        print(f"Stopped: {len(errors.errors)} problem(s) in the settings.", file=sys.stderr)
        return 1
    if args.command in (None, "build", "serve", "bench") and not config.content.is_dir():
        print(
            f"{config.content}: no such folder. Run lectern in a site folder (one with content/), "
            "pass --content, or start one with `lectern new FOLDER`.",
            file=sys.stderr,
        )
        return 1
    try:
        if args.command == "import":
            return _import(args, config, say)
        if args.command == "bench":
            from .bench import run_bench

            run_bench(args.scales, args.runs, args.json, print, config.content)
            return 0
        if args.command == "serve":
            _check_port(args.port)  # before a build that may take a while
        with claim_output(config.out, [config.content, *config.template_dirs, *config.asset_dirs], say=say):
            return _build(args, config, say)
    except OutputRefused as error:
        print(f"{error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except Exception:  # noqa: BLE001 - the one place that turns a crash into a clear message
        traceback.print_exc()
        print("Internal error: this is a bug in Lectern, not in your content.", file=sys.stderr)
        return 2


def _build(args, config: Config, say) -> int:
    """Build (and for `serve`, keep serving) while the output folder is ours."""
    try:
        started = time.perf_counter()
        with make_executor(
            config.jobs, config.overrides, config.template_dirs
        ) as executor:  # made before serve's server thread, kept by it
            return _build_and_serve(args, config, say, started, executor)
    except ContentErrors as errors:
        for error in errors.errors:
            print(error, file=sys.stderr)
        print(f"Build failed: {len(errors.errors)} problem(s); {config.out} was not changed.", file=sys.stderr)
        return 1
    except OutputNotWritable as error:
        print(f"{error}", file=sys.stderr)
        return 1


def _build_and_serve(args, config: Config, say, started: float, executor) -> int:
    # Imported once the executor has started its fork server: the server's imports (jinja2, markdown-it,
    # OpenCC...) then run beside this process's own, not after them (a tenth of a second on a small site).
    from .pipeline import build_site

    since = None
    if args.command == "serve":  # the sources as this build reads them: an edit saved while it runs is rebuilt
        from .serve import fingerprint, watched_folders

        since = fingerprint(watched_folders(config))
    result = build_site(config, on_stage=_progress(started, quiet=args.quiet), executor=executor)
    if args.verbose:
        for line in result.report:
            say(line)
        say("Stage timings: " + ", ".join(f"{name} {seconds:.2f} s" for name, seconds in result.timings.items()))
    for warning in result.warnings:
        print(f"{warning} (warning; --strict makes it an error)", file=sys.stderr)
    say(f"Built {len(result.documents)} documents, {result.files} files in {time.perf_counter() - started:.2f} s.")
    say(f"Open {config.out.resolve() / 'index.html'}")
    if args.command == "serve":
        from .serve import serve

        return serve(config, args.port, say, executor=executor, since=since)
    return 0


def _progress(started: float, *, quiet: bool):
    """Name each stage once the build has run for more than two seconds (large corpora)."""
    if quiet:
        return None

    def report(stage: str) -> None:
        elapsed = time.perf_counter() - started
        if elapsed > 2:
            print(f"  {elapsed:5.1f} s  {stage}…", file=sys.stderr, flush=True)

    return report


def _new(args, say) -> int:
    from .scaffold import FolderNotEmpty, create_site

    try:
        create_site(args.folder, args.title)
    except FolderNotEmpty as error:
        print(error, file=sys.stderr)
        return 1
    except OSError as error:
        print(f"{args.folder}: cannot create the site ({error.strerror or error})", file=sys.stderr)
        return 1
    say(f"Created a new site in {args.folder}. Build it with:")
    say(f"  cd {args.folder} && lectern build")
    return 0


def _import(args, config: Config, say) -> int:
    """Exit 0: written, nothing left to place. Exit 1: refused (nothing written), or written with
    problems to fix by hand, each printed as source:line: message."""
    from .importer import check_slug, import_text  # only this verb needs it: builds start faster without it

    if args.lang is not None or args.into is not None:
        return _import_translation(args, config, say)
    if args.slug is None:
        print(
            "--slug is required: the new document's short name (or --lang and --into for a language version)",
            file=sys.stderr,
        )
        return 1
    if problem := check_slug(args.slug):
        print(f"--slug: {problem}", file=sys.stderr)
        return 1
    if args.output is None:
        folder = config.content
        output = folder / f"{args.slug}.md"  # a checked slug has no separator or dot: stays in the folder
    else:
        output = args.output
        folder = output.parent
    if (refused := _refuse_output(output, folder, args)) is not None:
        return refused
    if (text := _read_export(args.file)) is None:
        return 1
    result = import_text(text, source=args.file.name, slug=args.slug, title_en=args.title_en, date=args.date)
    try:
        output.write_text(result.markdown, encoding="utf-8")
    except OSError as error:
        reason = "the folder is read-only or not yours" if isinstance(error, PermissionError) else error.strerror
        print(f"{output}: cannot write into {folder} ({reason})", file=sys.stderr)
        return 1
    say(f"Wrote {output}. Removed as page furniture ({len(result.removed)} lines):")
    for line in result.removed:
        say(f"  {line}")
    for line in result.summary():
        say(line)
    for line in result.problem_lines(str(args.file)):
        print(line, file=sys.stderr)
    if result.problems:
        print(
            f"Imported with {len(result.problems)} problem(s) to fix by hand in {output} (the build will "
            "refuse most of them until they are fixed).",
            file=sys.stderr,
        )
        return 1
    say("Review it by hand: fill in title_en, date and the ids of unnumbered sections before committing.")
    return 0


def _refuse_output(output: Path, folder: Path, args) -> int | None:
    """Exit 1 with a message when the import may not write `output`; None when it may."""
    if not folder.is_dir():
        print(
            f"{folder}: {'is not a folder' if folder.exists() else 'no such folder'}; "
            f"create it or pass {'--output' if args.output is None else 'another --output'}",
            file=sys.stderr,
        )
        return 1
    if output.is_symlink() or output.is_dir():
        print(
            f"{output}: is a {'symbolic link' if output.is_symlink() else 'folder'}; the importer writes "
            "only a plain file",
            file=sys.stderr,
        )
        return 1
    if output.exists() and not args.force:
        print(f"{output}: exists; pass --force to overwrite it", file=sys.stderr)
        return 1
    return None


def _read_export(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        print(f"{path}: cannot read as UTF-8 text ({error})", file=sys.stderr)
        return None


def _original_of(content: Path, slug: str) -> Path | None:
    """The content file whose `slug:` is `slug` (usually content/<slug>.md, but the build pairs a language
    version with its original by slug, whatever the file's name); the file of that name if it states no slug."""
    from .load import is_translation_file

    named = content / f"{slug}.md"  # a checked slug has no separator or dot
    own = re.compile(rf"^slug:\s*(['\"]?){re.escape(slug)}\1\s*(?:#.*)?$", re.MULTILINE)
    stated = re.compile(r"^slug:", re.MULTILINE)
    for path in [named, *sorted(content.glob("*.md"))]:
        if path.is_file() and not is_translation_file(path):
            front = path.read_text(encoding="utf-8", errors="replace").split("\n---", 1)[0]
            if own.search(front):
                return path
            if path == named and not stated.search(front):
                return path
    return None


def _import_translation(args, config: Config, say) -> int:
    """`lectern import FILE --lang en --into SLUG`: a language version beside the original, its ids aligned.

    Exit 0: written, everything placed (numbering differences from the original are warnings).
    Exit 1: refused, nothing written; or written with problems to fix by hand.
    """
    from .errors import Problems
    from .importer import check_slug
    from .importer_en import LANGUAGES, Original, import_translation
    from .load import load_source
    from .model import OFFICIAL_LANGUAGES
    from .parse import parse_document

    official = dict(OFFICIAL_LANGUAGES)
    refusal = None
    if args.lang is None:
        refusal = "--into needs --lang: the language of the export, e.g. --lang en"
    elif args.into is None:
        refusal = "--lang needs --into SLUG: the original document this text is a version of"
    elif args.slug is not None or args.title_en is not None or args.date is not None:
        refusal = "--slug, --title-en and --date describe a new original; a language version takes --into, --title"
    elif args.lang == "zh":
        refusal = "--lang zh: Chinese is the original's language; import an original with --slug"
    elif args.lang in official and args.lang not in LANGUAGES:
        refusal = (
            f"--lang {args.lang}: exports in {official[args.lang]} are not read yet; the importer reads "
            f"the Latin-script official languages ({', '.join(LANGUAGES)})"
        )
    elif args.lang not in LANGUAGES:
        refusal = f"--lang {args.lang!r} is not an official language of the United Nations ({', '.join(official)})"
    elif problem := check_slug(args.into):
        refusal = f"--into: {problem}"
    elif args.lang != "en" and not args.title:
        refusal = f"--title is required for --lang {args.lang}: the original's title_en is English"
    if refusal:
        print(refusal, file=sys.stderr)
        return 1
    original_path = _original_of(config.content, args.into)
    if original_path is None:
        original_path = config.content / f"{args.into}.md"
        print(
            f"{original_path}: no such document: a language version goes beside its original; import the "
            f"original first (lectern import FILE --slug {args.into}) or check --into",
            file=sys.stderr,
        )
        return 1
    output = args.output if args.output is not None else config.content / f"{args.into}.{args.lang}.md"
    if (refused := _refuse_output(output, output.parent, args)) is not None:
        return refused
    if (text := _read_export(args.file)) is None:
        return 1
    problems = Problems()
    source = load_source(original_path, problems)
    document = parse_document(source, problems) if source is not None else None
    if document is None or problems.errors:
        for error in problems.errors:
            print(error, file=sys.stderr)
        print(f"{original_path}: fix the original first: a language version is aligned with its ids", file=sys.stderr)
        return 1
    original = Original.from_document(document, original_path.read_text(encoding="utf-8"))
    result = import_translation(
        text, source=args.file.name, lang=args.lang, original=original, title=args.title, status=args.status
    )
    try:
        output.write_text(result.markdown, encoding="utf-8")
    except OSError as error:
        reason = "the folder is read-only or not yours" if isinstance(error, PermissionError) else error.strerror
        print(f"{output}: cannot write into {output.parent} ({reason})", file=sys.stderr)
        return 1
    say(f"Wrote {output} ({official[args.lang]}, {args.status}).")
    for line in result.summary():
        say(line)
    for line in result.problem_lines(str(args.file)):
        print(line, file=sys.stderr)
    for line in result.warnings:
        print(line, file=sys.stderr)
    if result.problems:
        print(f"Imported with {len(result.problems)} problem(s) to fix by hand in {output}.", file=sys.stderr)
        return 1
    say(
        "Review it by hand against the export"
        + (
            f"; {len(result.warnings)} warning(s) above compare its numbering with the original's."
            if result.warnings
            else "."
        )
    )
    return 0
