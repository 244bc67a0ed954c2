"""The playground screen: every option of ``dnn-tutor train`` as a knob, the run drawn live
(the data with the model over it, train and test costs, scores, the network itself), A/B
comparison, the command line that reopens the setup, and export as a NumPy script.

It is a screen over the lessons (Escape goes back), built from ``lessons.playground``: the
panel is the same ``StepPanel`` every lesson step uses, laid out for a panel with many knobs
and no text beside it.
"""

from __future__ import annotations

import io
from pathlib import Path

from rich.cells import cell_len
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from typing import Literal

from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Static

from commands.playground import PlaygroundError, train_args
from lessons.i18n import tr
from lessons.wording import listing
from lessons.playground import PlaygroundSpec, command_lines, playground_step

from .language import LanguageChanged
from .panel import StepPanel
from .widgets.keybar import KeyBar
from .widgets.shared_place import SharedPlace

HELP_SCREEN = "playground-help"  # the playground's help among the app's installed screens
WIDE = 120  # from this width the network is drawn beside the data; below, `g` swaps them
Picture = Literal["data", "network", "plot"]


class KnobTable(Widget):
    """The playground's knobs one a row, ``keys  label  value``, the layer the cursor is on
    above the per-layer ones; a knob that does not apply now (the slope without a leaky
    layer) is left out."""

    DEFAULT_CSS = """
    KnobTable {
        width: 1fr;
        height: auto;
        padding: 0 0 0 1;  /* on the right: the scroll's bar (its border beyond) */
    }
    """

    def __init__(self, *, id: str | None = None):
        super().__init__(id=id)
        self.rows: list[Text] = []

    def show(self, panel: StepPanel) -> None:
        spec: PlaygroundSpec = panel.spec
        rows = []
        if spec.compare:
            other = "A" if spec.edited_label == "B" else "B"
            rows.append(Text.assemble((tr("editing") + " ", "dim"), (spec.edited_label, "bold"),
                                      (f"  tab: {other}", "dim")))
        if spec.data.path is not None:  # the learner's file, where the data knobs were
            rows.append(Text.assemble((tr("file") + " ", "dim"),
                                      (Path(spec.data.path).name, "bold")))
            if spec.data.standardize:
                rows.append(Text("     " + tr("standardized"), style="dim"))
        knobs = panel.step.knobs_for(spec)
        # Labels padded by cells (a Hangul syllable takes two): at least 10, the English.
        label_width = max([10, *(cell_len(tr(knob.label)) for knob in knobs)])
        for knob in knobs:
            if knob.label == "units":  # the per-layer knobs follow the cursor
                layer = spec.cursor[0]
                rows.append(Text.assemble((tr("layer {layer} of {n}", layer=layer,
                                              n=len(spec.run.hidden)), "bold"),
                                          ("  ←/→", "dim")))
            value = knob.shown(knob.value_in(spec))
            label = tr(knob.label)
            label += " " * (label_width - cell_len(label))
            rows.append(Text.assemble((f"{knob.keys_text:<4}", "dim"), f" {label} ",
                                      (value, "bold")))
        if not spec.cursor_on_hidden:
            rows.append(Text(tr("cursor: the output unit  ←"), style="dim"))
        self.rows = rows
        self.refresh(layout=True)

    @property
    def plain(self) -> str:
        return "\n".join(row.plain for row in self.rows)

    def get_content_height(self, container, viewport, width: int) -> int:
        return max(1, len(self.rows))

    def render(self) -> Text:
        text = Text("\n").join(self.rows)
        text.no_wrap = True
        text.overflow = "ellipsis"
        return text


class PlaygroundPanel(StepPanel):
    """A StepPanel laid out for the playground, with its own keys: the cursor, A/B, export."""

    DEFAULT_CSS = """
    PlaygroundPanel #play-body { height: 1fr; }
    /* The knobs in a scroll of their own: at 80x24, A/B with a leaky layer and an init scale
       makes 21 rows in a column of 19; the last ones scroll into view, not cut off. */
    PlaygroundPanel #play-knobs-scroll {
        width: 26; height: 1fr; border-right: solid $primary-background;
        scrollbar-size-vertical: 1;
    }
    PlaygroundPanel #play-views { width: 1fr; height: 1fr; }
    PlaygroundPanel #play-net { width: 1fr; height: 1fr; border-left: solid $primary-background; }
    /* Alone in a short panel (g), the network is beside the knobs, whose border is its own. */
    PlaygroundPanel.net-alone #play-net { border-left: none; }
    PlaygroundPanel #view-0 { height: 1fr; }
    PlaygroundPanel #view-1 { height: 7; }
    PlaygroundPanel.wide #view-1 { height: 12; }
    /* A short panel's cost plot in the map's place (``g``): the height the map had. */
    PlaygroundPanel.plot-alone #view-1 { height: 1fr; }
    PlaygroundPanel #view-2 { height: auto; }
    PlaygroundPanel #view-3 { height: 1fr; }
    PlaygroundPanel #net-title { height: 1; padding: 0 1; text-style: bold; }
    PlaygroundPanel #play-command { height: auto; max-height: 4; padding: 0 1; color: $text-muted; }
    """

    PLAYGROUND_BINDINGS = (
        Binding("left", "cursor(-1, 0)", "layer-", show=False,
                tooltip="Cursor to the previous layer of the network drawn"),
        Binding("right", "cursor(1, 0)", "layer+", show=False,
                tooltip="Cursor to the next layer (the output unit last)"),
        Binding("up", "cursor(0, -1)", "unit-", show=False, tooltip="Cursor to the unit above"),
        Binding("down", "cursor(0, 1)", "unit+", show=False, tooltip="Cursor to the unit below"),
        Binding("y", "compare", "A/B", tooltip="A/B: train a second configuration beside this "
                "one on the same data and seeds (again: back to one)", id="compare"),
        Binding("tab", "switch_edited", "A↔B", show=False,
                tooltip="In A/B: the knobs edit the other configuration", id="switch"),
        Binding("x", "export", "export", tooltip="Write the edited configuration as a NumPy "
                "script that prints what dnn-tutor train prints", id="export"),
        # g brings the next picture (``picture_cycle``); the footer says which it brings.
        Binding("g", "picture('network')", "network", tooltip="Below 120 columns: the network "
                "drawn in place of the data", id="net"),
        Binding("g", "picture('plot')", "plot", tooltip="The cost plot in the data's place (the "
                "panel is too short for both)", id="cost-plot"),
        Binding("g", "picture('data')", "data", tooltip="The data and the model again",
                id="data"),
    )

    class KindChanged(Message):
        """The data changed kind (classification ↔ regression): the views change too."""

        def __init__(self, panel: "PlaygroundPanel", spec: PlaygroundSpec):
            super().__init__()
            self.panel = panel
            self.spec = spec

    def __init__(self, spec: PlaygroundSpec, pace="default", training: bool = False):
        super().__init__(playground_step(spec), spec, pace)
        self._train_on_mount = training
        # The playground's m is a knob (samples), so the lessons' shared place (a short
        # panel's map and plot in turns behind m) is not the base's: here g brings them.
        self._place = SharedPlace(self.view_widgets)
        self._picture: Picture = "data"  # what is in front when the pictures take turns
        self.knob_table = KnobTable(id="play-knobs")
        self.command = Static(id="play-command")
        self.net_title = Static(id="net-title")

    def _step_bindings(self) -> list[Binding]:
        return [*super()._step_bindings(), *self.PLAYGROUND_BINDINGS]

    def compose(self) -> ComposeResult:
        data, curves, table, network = self.view_widgets
        yield self._status
        with Horizontal(id="play-body"):
            with VerticalScroll(id="play-knobs-scroll", can_focus=False):
                yield self.knob_table
            with Vertical(id="play-views"):
                yield data
                yield curves
                yield table
            with Vertical(id="play-net"):
                yield self.net_title
                yield network
        yield self.command

    def on_mount(self) -> None:
        super().on_mount()
        if self._train_on_mount:
            self._start()

    def on_resize(self) -> None:
        was_wide = self.has_class("wide")
        shared_changed = self._place.fit(self.size)
        self._place_pictures()
        if shared_changed or self.has_class("wide") != was_wide:
            self.refresh_bindings()  # what `g` brings
        if self.has_class("wide") != was_wide:
            self._show_knobs()       # A/B's two command lines from 120 only
        super().on_resize()

    def picture_cycle(self) -> list[Picture]:
        """The pictures that take turns in front, in ``g``'s order: the data (its map and
        the cost plot, or only the map in a short panel), the network below 120 columns
        (beside the data from 120), the cost plot in a short panel (SharedPlace): at 80x24
        the map had 14x7 cells under a 7-row plot."""
        narrow = self.size.width < WIDE
        return [picture for picture, apart in (("data", True), ("network", narrow),
                                               ("plot", self._place.shared)) if apart]

    def _place_pictures(self, picture: Picture | None = None) -> None:
        wide = self.size.width >= WIDE
        self.set_class(wide, "wide")
        picture = picture or self._picture
        if picture not in self.picture_cycle():
            picture = "data"
        self._picture = picture
        self.query_one("#play-net").display = wide or picture == "network"
        self.query_one("#play-views").display = wide or picture != "network"
        self.set_class(not wide and picture == "network", "net-alone")
        self._place.show("plot" if picture == "plot" else "map")
        self.set_class(self._place.hides("map"), "plot-alone")

    def next_picture(self) -> Picture | None:
        cycle = self.picture_cycle()
        if len(cycle) < 2:
            return None
        return cycle[(cycle.index(self._picture) + 1) % len(cycle)] if (
            self._picture in cycle) else cycle[1]

    def action_picture(self, picture: Picture) -> None:
        self._place_pictures(picture)
        self.refresh_bindings()
        self.call_after_refresh(self._update_sizes)

    # -- spec changes ---------------------------------------------------------------------------
    def set_spec(self, spec) -> None:
        if spec.regression != self.spec.regression:
            self.post_message(self.KindChanged(self, spec))
            return
        reshaped = spec.run.hidden != self.spec.run.hidden or spec.compare != self.spec.compare
        super().set_spec(spec)
        if reshaped:  # the network drawn has new tiles: measure them at their new size
            self.call_after_refresh(self._update_sizes)

    def action_cursor(self, d_layer: int, d_unit: int) -> None:
        self.set_spec(self.spec.move_cursor(d_layer, d_unit))

    def action_compare(self) -> None:
        spec = self.spec.toggle_compare()
        self._say(tr("A/B: B is a copy of A; the knobs now edit B") if spec.compare
                  else tr("one configuration again: {run}", run=spec.run.describe()))
        self.set_spec(spec)

    def action_switch_edited(self) -> None:
        if not self.spec.compare:
            self._say(tr("tab switches between A and B in A/B mode (y)"))
            return
        self.set_spec(self.spec.switch_edited())

    def check_action(self, action: str, parameters) -> bool | None:
        if action == "switch_edited":
            return self.spec.compare
        if action == "picture":  # the one g brings next
            return parameters[0] == self.next_picture()
        return super().check_action(action, parameters)

    def action_export(self) -> None:
        """Export the edited configuration: as a download to the learner's browser when the
        app is served, else as a new file in the current folder. Every way it can fail is
        said in a notification; nothing is ever overwritten."""
        from commands.script import export_script  # only when asked

        name = script_stem(self.spec.data.name)
        which = f" ({self.spec.edited_label})" if self.spec.compare else ""
        try:
            script = export_script(train_args(self.spec))
        except PlaygroundError as error:  # what train would refuse: the file changed since
            self._export_failed(tr("Could not export: {error}", error=error))
            return
        # App.is_web says where the learner is: in a browser (textual-serve's web driver,
        # which `dnn-tutor serve` starts for each tab) the script must reach the browser, and
        # the server's disk is nobody's to write on. --no-save is not the test: it is about
        # the position, and may be given in a terminal too.
        if self.app.is_web:
            self.app.deliver_text(io.StringIO(script), save_filename=f"{name}.py",
                                  mime_type="text/x-python")
            self.notify(tr("Sent {name}{which} to your browser as a download: `python {name}` "
                           "prints what dnn-tutor train prints for this setup",
                           name=f"{name}.py", which=which),
                        title=tr("Exported"), timeout=8, markup=False)
            return
        try:
            path = write_new_script(Path.cwd(), name, script)
        except OSError as error:
            self._export_failed(tr("Could not write {path}: {error}",
                                   path=error.filename or f"{name}.py",
                                   error=error.strerror or error))
            return
        self.notify(tr("Wrote {path}{which}: `python {name}` prints what dnn-tutor train prints "
                       "for this setup", path=path, which=which, name=path.name),
                    title=tr("Exported"), timeout=8, markup=False)

    def _export_failed(self, message: str) -> None:
        self.notify(message, title=tr("Not exported"), severity="error", timeout=12,
                    markup=False)

    # -- drawing ----------------------------------------------------------------------------------
    def _show_knobs(self) -> None:
        self.knob_table.show(self)
        spec = self.spec
        whose = f"{spec.edited_label}: " if spec.compare else ""
        self.net_title.update(Text.assemble(tr("the network {whose}", whose=whose),
                                            spec.run.describe(),
                                            (tr(" · ←→↑↓ a unit"), "dim")))
        commands = command_lines(self.spec)
        if spec.compare and not self.has_class("wide"):
            # Below 120 columns two commands took four rows from the maps: the edited one
            # (what `x` exports) is shown; `tab` shows the other.
            commands = [c for c in commands if c[0] == spec.edited_label]
        lines = [Text.assemble((f"{label}: " if label else "$ ", "bold"), line)
                 for label, line in commands]
        text = Text("\n").join(lines)
        self.command_text = text.plain  # what the line says (tests read it)
        self.command.update(text)

    def _show_status(self) -> None:
        snap = self.shown_frame
        diverged = [run for run in self.experiment.runs if run.diverged]
        # The frame shown may be an older run's (a reset or a knob since): then the runs now
        # have not diverged and the status is the plain one.
        if snap is not None and snap.diverged and diverged:
            names = listing([run.shown_label for run in diverged])
            who = f"{names} " if self.spec.compare else ""
            status = Text.assemble(
                (tr("{who}diverged", who=who), "bold red"),
                tr(" at iteration {i}: r resets; try a smaller α (E)",
                   i=diverged[0].diverged_at),
                (tr(" or init scale (C)") if self.spec.run.init in ("large", "constant")
                 else ""))
            self._status.update(status, layout=False)
            return
        super()._show_status()


def script_stem(data_name: str) -> str:
    """``playground_<data>``, the name of an export without ``.py``, from the data's name (a
    file's, which may hold anything): letters, digits, ``_`` and ``-`` kept, anything else
    (a space, a quote, a line break, a path separator...) made ``_``, at most 40 of them, so
    the name is one plain word on any disk and in a download's header."""
    kept = "".join(c if c.isalnum() or c in "_-" else "_" for c in data_name[:40])
    return f"playground_{kept or 'data'}"


def write_new_script(folder: Path, stem: str, script: str) -> Path:
    """Write ``script`` to ``folder/stem.py``, or ``stem_2.py``, ``stem_3.py`` … the first
    that does not exist (a symbolic link, even dangling, counts): an export never overwrites
    a file nor writes through a link. Returns the path; OSError (with ``filename``) when it
    cannot write."""
    from commands.export import write_script

    n = 1
    while True:
        path = folder / (f"{stem}.py" if n == 1 else f"{stem}_{n}.py")
        try:
            write_script(path, script, new=True)
        except FileExistsError:
            n += 1
            continue
        except OSError as error:
            error.filename = error.filename or str(path)
            raise
        return path


class PlaygroundScreen(Screen):
    """The playground over the lessons; Escape goes back to the lesson where it was."""

    BINDINGS = [
        Binding("escape", "leave", "lessons", tooltip="Back to the lessons", id="leave"),
        Binding("r", "reset", "reset", tooltip="Reset: both runs from their start",
                id="play-reset"),
        Binding("0", "defaults", "defaults", show=False,
                tooltip="Every knob back to how the playground opened", id="play-defaults"),
        Binding("question_mark", "help", "help", key_display="?", tooltip="Every key",
                id="play-help"),
    ]

    DEFAULT_CSS = """
    PlaygroundScreen #play-title {
        height: 1;
        padding: 0 1;
        background: $primary-background;
        color: auto 90%;
    }
    """

    def __init__(self, spec: PlaygroundSpec, pace="default"):
        super().__init__()
        self.initial = spec
        self.panel = PlaygroundPanel(spec, pace)

    def compose(self) -> ComposeResult:
        yield Static(self._title(), id="play-title")
        yield self.panel
        yield KeyBar(id="play-keys")

    @staticmethod
    def _title() -> str:
        return tr("[b]Playground[/b] · every option of dnn-tutor train; Esc: the lessons")

    def on_mount(self) -> None:
        self.panel.focus()

    def on_language_changed(self, _message: LanguageChanged) -> None:
        self.query_one("#play-title", Static).update(self._title())

    def on_playground_panel_kind_changed(self, message: PlaygroundPanel.KindChanged) -> None:
        """Classification ↔ regression: a new panel with the views that kind needs (a map
        or a fitted curve), at the same pace, training if it was."""
        old = message.panel
        if old is not self.panel:
            return
        training = old.running
        old.stop()
        self.panel = PlaygroundPanel(message.spec, old.pace, training)
        old.remove()
        self.mount(self.panel, after=self.query_one("#play-title"))
        self.panel.focus()

    def action_leave(self) -> None:
        self.panel.stop()
        self.dismiss(None)

    def action_reset(self) -> None:
        self.panel.reset()

    def action_defaults(self) -> None:
        if self.panel.spec != self.initial:
            self.panel.set_spec(self.initial)

    def action_help(self) -> None:
        """Every key and knob here, in the app's one playground help screen (``reused_help``:
        a new one at each ``?`` took ~75 ms at 160x48)."""
        from .screens import binding_rows, knob_rows, reused_help

        here = tr("playground")
        rows = binding_rows(self.app, [(tr("everywhere"), self.app.BINDINGS),
                                       (here, self.BINDINGS), (here, self.panel.own_bindings)],
                            self.panel.binding_applies)
        self.app.push_screen(reused_help(self.app, HELP_SCREEN, rows, knob_rows(self.panel)))

    def on_unmount(self) -> None:
        self.panel.stop()
