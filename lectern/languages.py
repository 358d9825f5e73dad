"""What the pages say about a language version, in Chinese and in the version's own language.

One small table per official language other than Chinese: its name in Chinese, the notices of the
parallel page, the word a citation puts before a paragraph number, and the writing direction.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class LanguageText:
    code: str
    name: str
    """The language's name in itself."""
    name_zh: str
    """Its name in Chinese (Simplified; the Traditional edition converts it)."""
    missing: str
    """Where a unit of the original has no counterpart: 'Not available in English'."""
    not_in_original: str
    working: str
    """The label of a working translation, on every page that shows it."""
    official: str
    notes: str
    """The title of the footnotes."""
    paragraph: str
    """A paragraph citation: 'para.' in 'A/70/95, para. 105'."""
    source: str
    """'Source' before where the text came from."""
    direction: str = "ltr"
    locale: str = ""
    """og:locale of a page in this language."""


LANGUAGES = {
    "en": LanguageText(
        "en",
        "English",
        "英文",
        "Not available in English",
        "Not in the Chinese original",
        "Working translation, not an official text",
        "Official text",
        "Notes",
        "para.",
        "Source",
        locale="en_US",
    ),
    "fr": LanguageText(
        "fr",
        "Français",
        "法文",
        "Non disponible en français",
        "Absent de l'original chinois",
        "Traduction de travail, non officielle",
        "Texte officiel",
        "Notes",
        "par.",
        "Source",
        locale="fr_FR",
    ),
    "es": LanguageText(
        "es",
        "Español",
        "西班牙文",
        "No disponible en español",
        "No figura en el original chino",
        "Traducción de trabajo, no oficial",
        "Texto oficial",
        "Notas",
        "párr.",
        "Fuente",
        locale="es_ES",
    ),
    "ru": LanguageText(
        "ru",
        "Русский",
        "俄文",
        "Нет в русском тексте",
        "Нет в китайском оригинале",
        "Рабочий перевод, не официальный текст",
        "Официальный текст",
        "Примечания",
        "п.",
        "Источник",
        locale="ru_RU",
    ),
    "ar": LanguageText(
        "ar",
        "العربية",
        "阿拉伯文",
        "غير متاح باللغة العربية",
        "غير موجود في الأصل الصيني",
        "ترجمة عمل، ليست نصا رسميا",
        "نص رسمي",
        "الحواشي",
        "الفقرة",
        "المصدر",
        direction="rtl",
        locale="ar_AR",
    ),
}
"""By BCP 47 code: every language a translation file may be in (model.TRANSLATION_LANGUAGES)."""


def citation_in(lang: str, source: str, number: str | None) -> str:
    """'A/70/95, par. 105' in the language `lang` (`source`: the symbol, or the version's title)."""
    if not number:
        return source
    text = LANGUAGES[lang]
    separator = "، " if text.direction == "rtl" else ", "
    return f"{source}{separator}{text.paragraph} {number}"
