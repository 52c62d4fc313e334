# SPDX-License-Identifier: BSD-3-Clause
from llmcore.cli import main

raise SystemExit(main())
