"""Evidence: which sentences of other articles report what a sentence reports."""
