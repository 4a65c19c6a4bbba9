"""What was said on set, read as text: words and numbers, the calls of set protocol, spoken slates, lines.

Pure text over timed words (standard library only): the trims, the selects and the report ask these
modules what a run of words is, and the analysis that heard the words stays out of it.
"""
