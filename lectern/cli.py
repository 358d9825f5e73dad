"""Command line: build (default), serve, import. The only place that prints problems and exits.

Exit status: 0 success, 1 content errors (each printed as path:line: message),
2 internal failure or unusable command line.
"""

from __future__ import annotations

import argparse
import sys
import time
import traceback
from pathlib import Path

from .config import Config
from .errors import ContentErrors
from .executor import make_executor
from .pipeline import build_site
from .write import OutputNotWritable


def _parser() -> argparse.ArgumentParser:
    defaults = Config()
    parser = argparse.ArgumentParser(
        prog="build.py",
        description="Build the Lectern reading site from content/ into site/.",
    )
    _add_common_options(parser, defaults)
    # The same options after the verb (`build.py serve --out X`); SUPPRESS keeps the values given before it.
    common = argparse.ArgumentParser(add_help=False, argument_default=argparse.SUPPRESS)
    _add_common_options(common, None)
    sub = parser.add_subparsers(dest="command")
    sub.add_parser("build", parents=[common], help="build the site (the default)")
    serve = sub.add_parser("serve", parents=[common], help="build, then preview the site on 127.0.0.1")
    serve.add_argument("--port", type=int, default=8000, help="port (default: 8000)")
    bench = sub.add_parser("bench", help="build 1x, 10x and 50x copies of the bundled content and report the cost")
    bench.add_argument("--scales", default="1,10,50", help="comma-separated copies of the content (default: 1,10,50)")
    bench.add_argument("--runs", type=int, default=5, help="builds per scale up to 10x; a third as many above")
    bench.add_argument("--json", type=Path, help="also write the figures as JSON to this file")
    importer = sub.add_parser("import", parents=[common], help="turn a text exported from PDF into a content Markdown file")
    importer.add_argument("file", type=Path, help="UTF-8 text file")
    importer.add_argument("--slug", required=True, help="short stable ASCII name, e.g. hippo-2015")
    importer.add_argument("--title-en", help="English title for the front matter")
    importer.add_argument("--date", help="date for the front matter, e.g. 2015-06-17")
    importer.add_argument("--output", type=Path, help="where to write (default: CONTENT/SLUG.md)")
    importer.add_argument("--force", action="store_true", help="overwrite an existing file")
    return parser


def _add_common_options(parser: argparse.ArgumentParser, defaults: Config | None) -> None:
    kwargs = (lambda value: {"default": value}) if defaults else (lambda value: {})
    parser.add_argument("--content", type=Path, help="content folder (default: content/)",
                        **kwargs(defaults.content if defaults else None))
    parser.add_argument("--out", type=Path, help="output folder (default: site/)",
                        **kwargs(defaults.out if defaults else None))
    parser.add_argument("--templates", type=Path, help="templates folder (default: templates/)",
                        **kwargs(defaults.templates if defaults else None))
    parser.add_argument("--quiet", action="store_true", help="print only errors")
    parser.add_argument("--verbose", action="store_true", help="also report what the build found (abbreviations)")
    parser.add_argument("--jobs", type=int, help="processes for rendering (default: 2 when the machine has 2 cores)",
                        **kwargs(Config().jobs if defaults else None))
    parser.add_argument("--strict", action="store_true",
                        help="fail on warnings: references that lead nowhere, broken internal links")


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    config = Config(content=args.content, out=args.out, templates=args.templates, strict=args.strict,
                    jobs=max(1, args.jobs))
    say = (lambda *a: None) if args.quiet else print
    try:
        if args.command == "import":
            return _import(args, config, say)
        if args.command == "bench":
            from .bench import run_bench

            run_bench([int(scale) for scale in args.scales.split(",")], args.runs, args.json, print)
            return 0
        started = time.perf_counter()
        with make_executor(config.jobs) as executor:  # made before serve's server thread, kept by it
            return _build(args, config, say, started, executor)
    except ContentErrors as errors:
        for error in errors.errors:
            print(error, file=sys.stderr)
        print(f"Build failed: {len(errors.errors)} problem(s); {config.out} was not changed.", file=sys.stderr)
        return 1
    except OutputNotWritable as error:
        print(f"{error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except Exception:  # noqa: BLE001 - the one place that turns a crash into a clear message
        traceback.print_exc()
        print("Internal error: this is a bug in Lectern, not in your content.", file=sys.stderr)
        return 2


def _build(args, config: Config, say, started: float, executor) -> int:
    result = build_site(config, on_stage=_progress(started, quiet=args.quiet), executor=executor)
    if args.verbose:
        for line in result.report:
            say(line)
        say("Stage timings: " + ", ".join(f"{name} {seconds:.2f} s" for name, seconds in result.timings.items()))
    for warning in result.warnings:
        print(f"{warning} (warning; --strict makes it an error)", file=sys.stderr)
    say(f"Built {len(result.documents)} documents, {result.files} files in "
        f"{time.perf_counter() - started:.2f} s.")
    say(f"Open {config.out.resolve() / 'index.html'}")
    if args.command == "serve":
        from .serve import serve

        return serve(config, args.port, say, executor=executor)
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


def _import(args, config: Config, say) -> int:
    from .importer import import_text  # only this verb needs it: builds start faster without it

    try:
        text = args.file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        print(f"{args.file}: cannot read as UTF-8 text ({error})", file=sys.stderr)
        return 1
    result = import_text(text, source=args.file.name, slug=args.slug, title_en=args.title_en, date=args.date)
    output = args.output or config.content / f"{args.slug}.md"
    if output.exists() and not args.force:
        print(f"{output}: exists; pass --force to overwrite it", file=sys.stderr)
        return 1
    output.write_text(result.markdown, encoding="utf-8")
    say(f"Wrote {output}. Removed as page furniture ({len(result.removed)} lines):")
    for line in result.removed:
        say(f"  {line}")
    say("Review it by hand: fill in title_en, date and the ids of unnumbered sections before committing.")
    return 0
