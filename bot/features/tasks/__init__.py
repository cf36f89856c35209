"""Task lists and single tasks as people ask for them: the list commands, show, search, help, the
card and its menu."""
