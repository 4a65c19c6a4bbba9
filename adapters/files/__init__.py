"""Editors of the hosts' own files: the job's changes written into the text the editor exported."""
