"""A fake of Fusion's UIManager and bmd.UIDispatcher, enough to build the plugin's dialog and read it back.

Widgets keep the properties they were made with (ID, Text, Checked, Value...) as attributes, as
UIManager's do; GetItems finds them by ID. Nothing is drawn and no event loop runs: a test sets
properties and calls the dialog's handlers itself.
"""

from __future__ import annotations


class Widget:
    def __init__(self, kind: str, props: dict, children: list) -> None:
        self.kind, self.children = kind, children
        self.items: list[str] = []
        self.CurrentIndex = 0
        for key, value in props.items():
            setattr(self, key, value)

    def AddItem(self, text):
        self.items.append(text)

    @property
    def CurrentText(self):
        return self.items[self.CurrentIndex] if self.items else ""

    def Start(self):
        self.running = True

    def Stop(self):
        self.running = False

    def walk(self):
        yield self
        for child in self.children:
            yield from child.walk()


class Events:
    """window.On.Run.Clicked = handler: any event name may be set."""


class Handlers:
    def __init__(self) -> None:
        self._by_id: dict[str, Events] = {}

    def __getitem__(self, widget_id: str) -> Events:
        return self._by_id.setdefault(widget_id, Events())

    def __getattr__(self, widget_id: str) -> Events:
        if widget_id.startswith("_"):
            raise AttributeError(widget_id)
        return self[widget_id]


class FakeUIManager:
    def __getattr__(self, kind: str):
        if kind.startswith("_"):
            raise AttributeError(kind)

        def make(*args):
            props = next((a for a in args if isinstance(a, dict)), {})
            children = next((a for a in args if isinstance(a, list)), [])
            return Widget(kind, props, children)

        return make


class FakeWindow:
    def __init__(self, props: dict, children: list) -> None:
        self.root = Widget("Window", props, children)
        self.On = Handlers()
        self.shown = False

    def GetItems(self) -> dict:
        return {w.ID: w for w in self.root.walk() if getattr(w, "ID", None)}

    def Show(self):
        self.shown = True

    def Hide(self):
        self.shown = False


class FakeDispatcher:
    def __init__(self, ui) -> None:
        self.ui, self.On, self.windows = ui, Handlers(), []

    def AddWindow(self, props, children):
        self.windows.append(FakeWindow(props, children))
        return self.windows[-1]


class FakeBmd:
    def UIDispatcher(self, ui):
        return FakeDispatcher(ui)


class FakeFusionUI:
    def __init__(self, chosen_file: str | None = None) -> None:
        self.UIManager = FakeUIManager()
        #: What the file requester answers (None: the editor cancelled), and each call it was given.
        self.chosen_file = chosen_file
        self.requests: list[tuple] = []

    def RequestFile(self, path="", name="", options=None):
        """Fusion's file requester: a path, or None when the editor cancels."""
        self.requests.append((path, name, dict(options or {})))
        return self.chosen_file
