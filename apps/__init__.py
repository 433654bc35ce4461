"""The entry points, above every layer: the `piramig` command (and, later, the coordinators' web application)."""
