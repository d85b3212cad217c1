from luoyang_analysis.cli import main

raise SystemExit(main())
