"""Renderers: each a function of the Report (and the plan for its words), one per format."""
