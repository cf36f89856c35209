"""Starting and deleting retrievals: the create form, its camera picker and recording check, delete
and the audit line."""
