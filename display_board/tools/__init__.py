"""Developer tools of the board: gong synthesis, a fake server, demo screenshots."""
