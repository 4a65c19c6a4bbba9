"""Auto-assemble selects: group takes into setups, rank them, lay out the best."""
