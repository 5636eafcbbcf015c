"""The text layer: the one tokenizer, stemmer, stopword list, number normaliser, TF-IDF,
copy fingerprint, name matching and language identifier that every stage uses."""
