"""The command line: thin click commands over the library, one module per group of commands
(main.py holds `kg` itself), with the options and error reporting they share in options.py."""
