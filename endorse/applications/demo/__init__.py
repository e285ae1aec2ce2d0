"""Demo content for `make run`: fees, agreement texts of our own writing, and people."""
