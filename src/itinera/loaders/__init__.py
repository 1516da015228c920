"""The I/O edge: files in standard formats turned into domain objects."""
