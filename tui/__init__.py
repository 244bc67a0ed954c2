"""dnn-tutor's Textual app: screens, widgets, styles and the `dnn-tutor` entry point."""
