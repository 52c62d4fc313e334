# SPDX-License-Identifier: BSD-3-Clause
from llmcore.cli.main import main

raise SystemExit(main())
