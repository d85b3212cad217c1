import sys

from luoyang_analysis.sample.generator import main

sys.exit(main())
