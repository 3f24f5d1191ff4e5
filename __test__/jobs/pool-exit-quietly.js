// Does nothing and never listens, so the process exits by itself with code 0.
