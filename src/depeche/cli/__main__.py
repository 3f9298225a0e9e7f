"""`python -m depeche.cli`: the `depeche` command, as `if __name__ == "__main__": main()` ran it in cli.py."""

from depeche.cli import main

if __name__ == "__main__":
    main()
