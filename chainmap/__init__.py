"""chainmap: the command line and local-server tooling around graph/ and loaders/."""
