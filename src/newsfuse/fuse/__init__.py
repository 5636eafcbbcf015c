"""Fuse: weigh concepts, search for the sentences that cover them, order and cite them."""
