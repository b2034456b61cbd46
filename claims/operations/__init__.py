"""What a command does, as a library call: recording, importing, crediting, learning, comparing, intake."""
