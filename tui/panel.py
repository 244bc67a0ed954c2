"""The live panel beside a step's text, built from the step's data: one widget per view, the
knobs as keys, and for a step that trains, a worker that trains at the learner's pace.

Training runs in a thread worker that advances the experiment a few iterations at a time at
the chosen pace (iterations a second), checks for cancellation between chunks, and posts a
*complete* frame (every view's data) twelve times a second. ``Frame.can_replace``
lets a newer frame replace one the UI has not handled yet, so a busy UI skips stale frames
without losing points. Every frame carries the *generation* of the experiment it was taken
from: a reset or a knob starts a new generation, and a frame of an older one is dropped, so
a cancelled run is never drawn after the fresh one.
"""

from __future__ import annotations

import threading
import time
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on, work
from textual.actions import parse as parse_action
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Static
from textual.worker import get_current_worker

from lessons.checkpoints import Predict, attempt_in, passed_in
from lessons.protocols import Answerable
from lessons.i18n import tr
from lessons.knobs import PACES, pace_text
from lessons.model import Step
from lessons.protocols import Experiment
from lessons.view_data import Answer, BoundaryMaps, Question
from lessons.views import Frame, take_frame

from .keygate import KEY_GATE
from .language import LanguageChanged
from .textual_private import bind_keys
from .widgets import view_widget
from .widgets.boundary_map import BoundaryMapView
from .widgets.knob_line import KnobLine
from .widgets.shared_place import SharedPlace

if TYPE_CHECKING:
    from .widgets.derivation import AnswerView

# Seconds between two frames: 12 a second, on a fixed clock. The goal is at least 10 plots a
# second while training; frames every 0.1 s counted from the last post (each late by the
# chunk under way) came 9.5 a second, and the plot then built 9.7.
FRAME_INTERVAL = 1 / 12
CHUNK = 10               # iterations between cancellation checks at full speed
# ... fewer for a network so big that CHUNK iterations hold this many multiply-adds (of the
# forward pass; the backward pass doubles them): about 30 ms on a slow machine.
CHUNK_WORK = 10_000_000
STEP_KEY_ITERATIONS = 100
FLIP_KEY = "m"           # the next maps, when a map view shows them a few at a time
# A short panel's map and plot in turns (``SharedPlace``): the key's label says what it brings.
PLACE_KEYS = (("plot", "plot", "The step's plot in the map's place (the panel is too short "
               "for both)"),
              ("map", "map", "The step's map in the plot's place"))
NOTE_SECONDS = 4         # how long a notice (the end of a ladder) stays

# Keys every training step has; knob keys are added per step from its data.
TRAINING_BINDINGS = (
    Binding("space", "toggle_training", "train", key_display="space",
            tooltip="Start or pause training (after the end: start again)", id="train"),
    Binding("s", "step_once", f"+{STEP_KEY_ITERATIONS}", show=False,
            tooltip=f"Train {STEP_KEY_ITERATIONS} iterations, then pause", id="step-once"),
    Binding("greater_than_sign", "pace(1)", "faster", key_display=">", show=False,
            tooltip="Train faster (iterations a second: " + ", ".join(map(pace_text, PACES))
            + ")", id="faster"),
    Binding("less_than_sign", "pace(-1)", "slower", key_display="<", show=False,
            tooltip="Train slower", id="slower"),
)


def chunk_size(experiment: Experiment) -> int:
    """The most iterations the training thread trains at once, between two looks at the key
    gate and at cancellation: CHUNK, or fewer (at least one) when CHUNK iterations would hold
    more than CHUNK_WORK multiply-adds of the forward pass (``work_per_iteration``, counted
    from the networks' sizes, not timed). A key, a reset, a pause and the app's exit wait
    for the chunk under way: ten iterations of the deep network of "Why 0.01" took 1.9 s on
    a loaded 2-core machine, one takes a tenth of that. At a pace the thread trains fewer
    when fewer are due (``_train``); a run that diverges inside a chunk stops where it
    diverged, not at the chunk's end (``TrainingExperiment.advance``)."""
    return max(1, min(CHUNK, CHUNK_WORK // max(experiment.work_per_iteration, 1)))


class StepPanel(Vertical, can_focus=True):
    DEFAULT_CSS = """
    StepPanel {
        width: 1fr;
        height: 1fr;
    }
    StepPanel #status {
        height: 1;
        padding: 0 1;
    }
    """

    class FrameTaken(Message):
        def __init__(self, panel: "StepPanel", frame: Frame):
            super().__init__()
            self.panel = panel
            self.frame = frame

        def can_replace(self, message: Message) -> bool:
            return isinstance(message, StepPanel.FrameTaken) and message.panel is self.panel

    class CheckpointPassed(Message):
        """The step's checkpoint was passed (once a start of the experiment): a prediction
        the run proved right, a challenge met, a derivative typed right."""

        def __init__(self, panel: "StepPanel"):
            super().__init__()
            self.panel = panel

    class Answered(Message):
        """The learner gave an answer at the step's checkpoint (a choice, a derivative the
        check could read): ``tries`` answers given there so far, to keep with the position
        (only the first counts: ``lessons.checkpoints.Attempt``)."""

        def __init__(self, panel: "StepPanel", tries: int):
            super().__init__()
            self.panel = panel
            self.tries = tries

    class RunEnded(Message):
        """The run on screen has ended (``run_ended``), or after a reset or a new spec starts
        again: the text shows its results only once it has ended."""

        def __init__(self, panel: "StepPanel", ended: bool):
            super().__init__()
            self.panel = panel
            self.ended = ended

    class SpecChanged(Message):
        """A knob changed what the step runs: the text's numbers must follow."""

        def __init__(self, panel: "StepPanel", spec):
            super().__init__()
            self.panel = panel
            self.spec = spec

    def __init__(self, step: Step, spec=None, pace: int | None | str = "default",
                 tries: int = 0):
        super().__init__(classes="panel")
        self.step = step
        # Answers given at this step's checkpoint so far (kept with the position): the next
        # one is answer number tries + 1, and only number 1 can pass.
        self.tries = tries
        self.spec = step.spec if spec is None else spec
        self.experiment = self.spec.build()
        self.generation = 0
        self.pace = step.pace if pace == "default" else pace
        # The worker advances the experiment while holding this lock; a reset takes it too.
        self._lock = threading.Lock()
        self._training = False
        self.frame: Frame | None = None        # the newest one received
        self.shown_frame: Frame | None = None  # the one whose numbers are on screen
        self.frames_shown = 0
        self.view_widgets = [view_widget(view.data_type)(id=f"view-{i}")
                             for i, view in enumerate(step.views)]
        for view, widget in zip(step.views, self.view_widgets):
            if view.height:
                widget.styles.height = view.height
        # Map and plot one at a time in a short panel, when the flip key is free for them (the
        # playground's m is a knob: its views keep their own layout).
        self._place = SharedPlace(self.view_widgets if FLIP_KEY not in self._knob_keys else (),
                                  step.views)
        self._sizes = [None] * len(step.views)
        self._frame_sizes = self._sizes  # the sizes the newest frame was measured at
        self._last_note, self._last_note_at = "", 0.0
        self._passed_generation: int | None = None  # CheckpointPassed said for this one
        self._ended_said = self.run_ended  # what RunEnded said last
        self._status = Static(id="status")
        self._knobs = KnobLine(id="knobs")
        self._bind_keys()

    # -- keys ------------------------------------------------------------------------------------
    def _bind_keys(self) -> None:
        """The step's own keys, on this panel only (``own_bindings``, which ``?`` lists)."""
        self.own_bindings = self._step_bindings()
        bind_keys(self, self.own_bindings)

    def _step_bindings(self) -> list[Binding]:
        """Training keys and one pair per knob, from the step's data; a prediction's choices,
        a typed answer's key. Knob keys are not in the footer (80 columns hold about eight
        keys): the knob line above the views shows them, and ``?`` lists them."""
        own = list(TRAINING_BINDINGS) if self.trains else []
        for i, knob in enumerate(self.step.knobs):
            for key in knob.up_keys:
                own.append(Binding(key, f"knob({i}, 1)", f"{knob.label}+", show=False,
                                   tooltip=knob.describe or f"{knob.label}: next value"))
            if knob.down:
                own.append(Binding(knob.down, f"knob({i}, -1)", f"{knob.label}-", show=False,
                                   tooltip=knob.describe or f"{knob.label}: previous value"))
        spec = self.step.spec
        if isinstance(spec, Predict) and any(view.data_type is Question
                                             for view in self.step.views):
            # One key a choice; the footer shows them once, as "1-3 answer".
            choices = spec.choices
            for i in range(len(choices)):
                first = i == 0
                own.append(Binding(str(i + 1), f"choose({i})", "answer", show=first,
                                   key_display=f"1-{len(choices)}" if first else None,
                                   tooltip=f"Your prediction: 1 to {len(choices)}; then the "
                                   "run decides (another number: choose again)" if first
                                   else f"Choice {i + 1}", id="choose" if first else None))
        knob_keys = self._knob_keys
        # The playground's knobs are exempt from the reserved keys (its "m" is samples; its
        # two maps A/B are never flipped through).
        if self._place.applies:
            # In a short panel the map and the plot take turns: the footer says which is
            # behind the key (before the flip: the first binding that applies runs).
            own += [Binding(FLIP_KEY, f"show_place('{kind}')", label, tooltip=tip)
                    for kind, label, tip in PLACE_KEYS]
        if (any(view.data_type is BoundaryMaps for view in self.step.views)
                and FLIP_KEY not in knob_keys):
            own.append(Binding(FLIP_KEY, "flip_maps", "maps", show=False, tooltip="The next maps, "
                               "when the view is too small to show them all at once",
                               id="flip-maps"))
        if any(view.data_type is Answer for view in self.step.views):
            own.append(Binding("t", "type_answer", "type", tooltip="Type your answer "
                               "(Enter checks it, Esc leaves the input)", id="type-answer"))
        return own

    @property
    def _knob_keys(self) -> set[str]:
        return {k for knob in self.step.knobs for k in (*knob.up_keys, knob.down)}

    def check_action(self, action: str, parameters) -> bool | None:
        if action == "knob":  # a knob that does not apply now (the slope, no leaky curve)
            knob = self.step.knobs[parameters[0]]
            return knob.applies is None or knob.applies(self.spec)
        if action == "show_place":
            return self._place.hides(parameters[0])
        return True

    def binding_applies(self, binding: Binding) -> bool:
        """Whether ``binding`` runs when its key is pressed now: Textual runs a key's first
        binding whose ``check_action`` is true (the help lists that one)."""
        _namespace, name, parameters = parse_action(binding.action)
        return bool(self.check_action(name, parameters))

    @property
    def trains(self) -> bool:
        return self.step.trains

    def action_flip_maps(self) -> None:
        maps = [w for w in self.view_widgets if isinstance(w, BoundaryMapView)]
        if not any(w.flips for w in maps):
            self._say(tr("every map is shown: there is nothing to flip"))
        for widget in maps:
            widget.flip()

    def action_show_place(self, kind: str) -> None:
        self._place.show(kind)
        self.refresh_bindings()
        self.call_after_refresh(self._update_sizes)

    def action_choose(self, index: int) -> None:
        """A prediction: the run starts over with the choice made, at the step's pace. Every
        choice is an answer (a second one, made after seeing the run, is a 2nd try)."""
        self.tries += 1
        self.post_message(self.Answered(self, self.tries))
        self.set_spec(self.spec.chose(index, self.tries))
        if self.trains and not self._training:
            self._start()

    def _not_ready(self) -> bool:
        """Say so and do nothing when the experiment waits for the learner (a prediction
        before a choice)."""
        note = self.experiment.not_ready
        if note:
            self._say(note)
        return bool(note)

    def action_type_answer(self) -> None:
        from textual.widgets import Input  # only a step with an answer to type needs it

        self.query_one(Input).focus()

    def on_answer_view_answered(self, message: AnswerView.Answered) -> None:
        """A typed answer: judged at once; counted as an answer only when it could be read
        (a typo is not a try)."""
        message.stop()
        if not isinstance(self.spec, Answerable):
            return
        self.set_spec(self.spec.answered(message.text, self.tries + 1))
        attempt = attempt_in(self.frame.views) if self.frame else None
        if attempt is not None and attempt.number == self.tries + 1:
            self.tries += 1
            self.post_message(self.Answered(self, self.tries))

    @property
    def running(self) -> bool:
        return self._training

    @property
    def run_ended(self) -> bool:
        """The frame on screen is the last of the run that goes now (finished, or every run
        diverged); a step that does not train has nothing to wait for. A reset or a new spec
        makes it False at once, before their first frame is drawn."""
        frame = self.shown_frame
        return not self.trains or (frame is not None and frame.finished
                                   and frame.generation == self.generation)

    # -- layout ----------------------------------------------------------------------------------
    def compose(self):
        if self.trains:
            yield self._status
        if self.step.knobs:
            yield self._knobs
        yield from self.view_widgets

    def on_mount(self) -> None:
        self._show_knobs()
        self.show_frame(self._take_frame())
        # The panel takes the keys as soon as it exists, unless another screen (help, the
        # command palette) is open over its own.
        if self.screen is self.app.screen:
            self.focus()

    def on_resize(self) -> None:
        if self._place.fit(self.size):
            self.refresh_bindings()
        # The children have their new sizes after this refresh: then ask what each view
        # should measure (points across a plot, pixels of a map) and redraw if it changed.
        self.call_after_refresh(self._update_sizes)

    def _update_sizes(self) -> None:
        """What each view should measure now, for the next frame; paused, a frame at once
        if the one on screen was measured at other sizes. Asked after every layout that may
        have changed a view's size, the panel's own size unchanged (a verdict appearing
        shrinks the map under it): a map probed at its old size, then resampled to fewer
        cells, showed other colours than one probed at its size."""
        if not self.is_attached or not self.size:
            # Not laid out yet (Textual runs "after refresh" callbacks without a refresh while
            # a batch update holds repaints, as when a step's panel is mounted): its first
            # layout resizes it, and ``on_resize`` asks again.
            return
        if self._place.fit(self.size):  # a picture's data or a verdict's lines changed it
            self.refresh_bindings()
            self.call_after_refresh(self._update_sizes)
            return
        self._sizes = [widget.measure_size() for widget in self.view_widgets]
        if not self._training and self._sizes != self._frame_sizes:
            with self._lock:
                frame = self._take_frame()
            self.show_frame(frame)

    # -- knobs and pace ----------------------------------------------------------------------------
    def action_knob(self, index: int, delta: int) -> None:
        knob = self.step.knobs[index]
        spec, note = knob.turn(self.spec, delta)
        if note:
            self._say(note)
        if spec != self.spec:
            self.set_spec(spec)

    def _say(self, note: str) -> None:
        """A short notice; pressing on against the end of a ladder does not stack copies."""
        now = time.monotonic()
        if note == self._last_note and now - self._last_note_at < NOTE_SECONDS:
            return
        self._last_note, self._last_note_at = note, now
        self.notify(note, timeout=NOTE_SECONDS)

    def set_spec(self, spec) -> None:
        """Start the experiment over from ``spec`` (training on, if it was).

        A spec may say it trains exactly as the current one (``same_training``: it differs
        only in what the views show, e.g. a cursor on a unit): then the run goes on and only
        the views are measured again."""
        if spec.same_training(self.spec):
            with self._lock:
                self.spec = spec
                self.experiment.spec = spec
                frame = self._take_frame()
            self.show_frame(frame)
            self._show_knobs()
            self.refresh_bindings()
            return
        was_training = self._training
        self._stop_worker()
        with self._lock:
            self.spec = spec
            self.experiment = spec.build()
            self.generation += 1
            frame = self._take_frame()
        self.show_frame(frame)
        self._show_knobs()
        self.refresh_bindings()  # a knob may apply only to some values of another
        self.post_message(self.SpecChanged(self, spec))
        if was_training:
            self._start()

    def action_pace(self, delta: int) -> None:
        i = PACES.index(self.pace) + delta
        if 0 <= i < len(PACES):
            self.pace = PACES[i]  # the worker picks it up at its next chunk
        else:
            self._say(tr("pace is at its slowest: {pace}" if i < 0 else
                         "pace is at its fastest: {pace}", pace=pace_text(self.pace)))
        self._show_status()

    def _show_knobs(self) -> None:
        if not self.step.knobs:
            return
        self._knobs.show([Text.assemble(
            (f"{tr(knob.label)} {knob.shown(knob.value_in(self.spec))}", "bold"),
            f" {knob.keys_text}") for knob in self.step.knobs_for(self.spec)])

    def on_language_changed(self, _message: LanguageChanged) -> None:
        """The knob line, the status and the views' data (a checkpoint's line) again in the
        new language; a view with words of its own hears of it too (``LanguageChanged``)."""
        self._show_knobs()
        self._show_status()
        if not self._training:  # while it trains, the next frame comes within 0.1 s
            with self._lock:
                frame = self._take_frame()
            self.show_frame(frame)

    # -- training control --------------------------------------------------------------------------
    def action_toggle_training(self) -> None:
        if self._training:
            self.stop()
            return
        if self._not_ready():
            return
        if self.experiment.finished:
            self.reset()  # space after the end: the same run again from the start
        self._start()

    def _start(self) -> None:
        self._training = True
        self._train(self.generation)
        self._show_status()

    def _stop_worker(self) -> None:
        self._training = False
        self.workers.cancel_group(self, "training")

    def stop(self) -> None:
        """Stop any work at once: called when the step is left and when the app quits."""
        self._stop_worker()
        self._show_status()

    def reset(self) -> None:
        """The experiment from its start, paused (a step that does not train: its knobs
        back to the step's own values)."""
        if not self.trains:
            if self.spec != self.step.spec:
                self.set_spec(self.step.spec)
            return
        self._stop_worker()
        with self._lock:  # waits for at most one chunk of the cancelled worker
            self.experiment.reset()
            self.generation += 1
            frame = self._take_frame()
        self.show_frame(frame)

    def action_step_once(self) -> None:
        """Train a fixed number of iterations synchronously (also what snapshot tests use)."""
        if self._training or self._not_ready():
            return
        self.advance(STEP_KEY_ITERATIONS)

    def advance(self, iterations: int) -> None:
        with self._lock:
            self.experiment.advance(iterations)
            frame = self._take_frame()
        self.show_frame(frame)

    def _take_frame(self) -> Frame:
        # Called from the worker thread too, holding the lock: it reads only the experiment
        # and plain attributes, never the DOM.
        self._frame_sizes = list(self._sizes)
        return take_frame(self.experiment, self.step.views, self._frame_sizes,
                             self.generation)

    @work(thread=True, exclusive=True, group="training", exit_on_error=False)
    def _train(self, generation: int) -> None:
        worker = get_current_worker()
        next_post = 0.0  # when the next frame is due (a fixed clock: lateness not added up)
        clock = None  # (pace, start time, iteration then): the pace's own clock
        chunk = chunk_size(self.experiment)  # a new experiment is a new generation: we stop
        while not worker.is_cancelled:
            KEY_GATE.wait()  # a key being handled has the processor first
            frame = None
            with self._lock:
                experiment = self.experiment
                # Cancelled while waiting for the lock (a pause, then "s" training its 100
                # under the lock): not one iteration more.
                if (worker.is_cancelled or generation != self.generation
                        or experiment.finished):
                    break
                now = time.monotonic()
                if clock is None or clock[0] != self.pace:
                    clock = (self.pace, now, experiment.iteration)
                pace, started, base = clock
                if pace is None:
                    due = chunk
                else:  # the iterations the clock says are due by now (the first at once)
                    due = min(chunk, base + 1 + int((now - started) * pace) - experiment.iteration)
                if due > 0:
                    experiment.advance(due)
                    if now >= next_post or experiment.finished:
                        frame = self._take_frame()
                        # The next one a period after this one was due; after a stall
                        # (a slow chunk), a period from now, not a burst to catch up.
                        next_post = max(next_post + FRAME_INTERVAL, now + FRAME_INTERVAL / 2)
            if frame is not None and not worker.is_cancelled:
                self.post_message(self.FrameTaken(self, frame))
            if due <= 0:
                time.sleep(min(0.02, 1.0 / pace))
        if worker.is_cancelled or generation != self.generation:
            return
        with self._lock:
            frame = self._take_frame()
        self.post_message(self.FrameTaken(self, frame))
        self.app.call_from_thread(self._finished, generation)

    def _finished(self, generation: int) -> None:
        if generation == self.generation:
            self._training = False
            self._show_status()
            self.call_after_refresh(self._update_sizes)  # a resize while it trained

    @on(FrameTaken)
    def _frame_taken(self, message: FrameTaken) -> None:
        # A frame of an experiment that has since been reset or rebuilt is stale.
        if message.panel is self and message.frame.generation == self.generation:
            self.show_frame(message.frame, streamed=True)

    # -- drawing -------------------------------------------------------------------------------------
    def show_frame(self, frame: Frame, streamed: bool = False) -> None:
        """``streamed``: a frame of the run while it trains (a deferred view builds those
        at its own pace); else one a key asked for, drawn as soon as it can be."""
        if not self.is_attached:
            return
        self.frame = frame
        self.frames_shown += 1
        deferred = [(w, d) for w, d in zip(self.view_widgets, frame.views) if w.deferred]
        if not deferred:
            self._show_now(frame)
            return
        # Numbers change when the picture they describe is drawn: one repaint, not two.
        (first, data), *rest = deferred
        first.show(data, on_drawn=lambda: self._show_now(frame), streamed=streamed)
        for widget, data in rest:
            widget.show(data, streamed=streamed)

    def _show_now(self, frame: Frame) -> None:
        if not self.is_attached or frame.generation != self.generation:
            return
        self.shown_frame = frame
        for widget, data in zip(self.view_widgets, frame.views):
            if not widget.deferred:
                widget.show(data)
        self._show_status()
        # What a view should measure may depend on its data (a map keeps the data's aspect,
        # known from the first frame) and on the layout this frame causes (a verdict's lines
        # take rows): measured again after it, and redrawn at once when paused.
        self.call_after_refresh(self._update_sizes)
        if self._passed_generation != frame.generation and passed_in(frame.views):
            self._passed_generation = frame.generation
            self.post_message(self.CheckpointPassed(self))
        if self.run_ended != self._ended_said:
            self._ended_said = self.run_ended
            self.post_message(self.RunEnded(self, self._ended_said))

    def _show_status(self) -> None:
        frame = self.shown_frame
        if frame is None or not self.trains:
            return
        if frame.diverged:
            state = Text(tr("diverged: r resets"), style="bold red")
        elif frame.dead_layer is not None:
            # Said while it trains on too: nothing at or below the layer can change any more.
            state = Text(tr("stuck: layer {l} dead", l=frame.dead_layer),
                         style="bold red")
        elif self._training:
            state = Text(tr("training"), style="bold green")
        elif frame.finished:
            state = Text(tr("done"), style="bold")
        else:
            state = Text(tr("paused"), style="bold yellow")
        status = Text.assemble(tr("iteration {i}/{total}", i=frame.iteration, total=frame.total)
                               + "  ", state,
                               (f"  {pace_text(self.pace)} </>", "dim"))
        # One line, fixed height: no layout needed (a layout re-arranges the whole screen).
        self._status.update(status, layout=False)
