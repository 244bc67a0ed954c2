"""dnn-tutor's commands without a screen: ``train``, ``export``, the playground's command line,
and the engine's benchmark.

    args.py        the one-line parser and the option types every command line shares
    run.py         the options that say what a run is, their limits, and ``resolve``
    train.py       ``dnn-tutor train`` (also ``python -m commands.train``)
    export.py      ``dnn-tutor export``; script.py writes the script it exports, the network's
                   code from templates.py and the data's from the engine's own source
    playground.py  ``dnn-tutor playground``'s options, into a ``lessons.playground`` spec
    process.py     one BLAS thread, and ending quietly on ctrl-c or a closed pipe
    bench.py       how fast the engine is (``python -m commands.bench``)

They sit between the app and the course (tui -> commands -> lessons -> engine): they import
neither Textual, plotext nor rich, so they start fast and run without a terminal.
"""
