"""Positions: the file, line and column of a JSON pointer in a YAML or JSON source.

Parsing keeps no positions (it is several times faster without); a report asks for the
positions of the few nodes it names, and these modules recover them from the text.
"""
