"""The basket: items, totals and their storage; survives restarts."""
