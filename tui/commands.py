"""Command palette (ctrl+p): jump to any lesson or step."""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider

from lessons import LESSONS


def _targets():
    for li, lesson in enumerate(LESSONS):
        yield f"Lesson: {lesson.title}", li, 0, lesson.summary
        for si, step in enumerate(lesson.steps):
            yield f"Step: {lesson.title} › {si + 1}. {step.title}", li, si, lesson.title


PLAYGROUND = ("Playground: every train option as a knob",
              "free experiments: the network drawn, A/B runs, export as a NumPy script")


class LessonCommands(Provider):
    async def discover(self) -> Hits:
        yield DiscoveryHit(PLAYGROUND[0], self.app.action_open_playground, help=PLAYGROUND[1])
        for text, li, si, help_text in _targets():
            yield DiscoveryHit(text, partial(self.app.go_to, li, si), help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        score = matcher.match(PLAYGROUND[0])
        if score > 0:
            yield Hit(score, matcher.highlight(PLAYGROUND[0]), self.app.action_open_playground,
                      help=PLAYGROUND[1])
        for text, li, si, help_text in _targets():
            score = matcher.match(text)
            if score > 0:
                yield Hit(score, matcher.highlight(text), partial(self.app.go_to, li, si),
                          help=help_text)
