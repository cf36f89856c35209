"""Watches as people use them: the commands' effects on the stored watches."""
