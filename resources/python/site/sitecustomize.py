# Loaded by every Python started with this folder on PYTHONPATH: when the Lanes engine asked
# for a trace (LANES_TRACE_FD), install the tracer before the program's first line runs, so the
# program itself runs exactly as written: `python3 program.py`.
import os

if os.environ.get("LANES_TRACE_FD"):
    import lanes_trace

    lanes_trace.install()
