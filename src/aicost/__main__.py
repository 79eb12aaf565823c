from aicost.cli import main

raise SystemExit(main())
