"""Command palette (ctrl+p): jump to any lesson or step, or switch the language."""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider

from lessons.i18n import LANGUAGE_NAMES, LANGUAGES, tr


def _targets(course):
    for li, lesson in enumerate(course.lessons):
        title = tr(lesson.title)
        yield tr("Lesson: {title}", title=title), li, 0, tr(lesson.summary)
        for si, step in enumerate(lesson.steps):
            yield (tr("Step: {lesson} › {i}. {step}", lesson=title, i=si + 1,
                      step=tr(step.title)), li, si, title)


def _playground():
    return (tr("Playground: every train option as a knob"),
            tr("free experiments: the network drawn, A/B runs, export as a NumPy script"))


def language_command(lang: str) -> str:
    """e.g. "Language: 한국어": the same words in every language, so it can be found."""
    return f"Language: {LANGUAGE_NAMES[lang]}"


class LessonCommands(Provider):
    def _languages(self):
        for lang in LANGUAGES:
            yield language_command(lang), partial(self.app.set_lang, lang)

    async def discover(self) -> Hits:
        playground = _playground()
        yield DiscoveryHit(playground[0], self.app.open_playground, help=playground[1])
        for text, li, si, help_text in _targets(self.app.outline):
            yield DiscoveryHit(text, partial(self.app.go_to, li, si), help=help_text)
        for text, switch in self._languages():
            yield DiscoveryHit(text, switch, help=tr("switch the app to this language"))

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        playground = _playground()
        score = matcher.match(playground[0])
        if score > 0:
            yield Hit(score, matcher.highlight(playground[0]), self.app.open_playground,
                      help=playground[1])
        for text, li, si, help_text in _targets(self.app.outline):
            score = matcher.match(text)
            if score > 0:
                yield Hit(score, matcher.highlight(text), partial(self.app.go_to, li, si),
                          help=help_text)
        for text, switch in self._languages():
            score = matcher.match(text)
            if score > 0:
                yield Hit(score, matcher.highlight(text), switch,
                          help=tr("switch the app to this language"))
