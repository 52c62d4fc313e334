# SPDX-License-Identifier: BSD-3-Clause
"""``llmcore serve``: the HTTP API and the calculator page (needs ``pip install 'llmcore[serve]'``:
FastAPI and uvicorn). ``create_app()`` builds the application (``llmcore.serve.app``)."""
