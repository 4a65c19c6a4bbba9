"""Suggest trims: from analysis and a timeline to tightened clips, each change explained."""
