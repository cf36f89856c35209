"""A task card's menu: Show, Play, Download…, Watch, Delete…, Retrieve again, each choice
checked on the person who made it and routed to its feature."""
