# Every target works on a fresh machine with Go and curl (make test also wants python3).
GO      ?= go
# The oldest toolchain go.mod admits; make test proves the code still builds with it.
OLDGO   ?= go1.20.14
FUZZTIME ?= 10s

.PHONY: run test check-format vet unit compat exercises bench fuzz update book

## run: start the book's first example, the TCP echo server, on localhost:8080.
run:
	$(GO) run ./chapters/socketserver/tcpecho

## test: every check a contributor must pass.
test: check-format vet unit compat

check-format:
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go' -not -path './testdata/*')); \
	if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi

# The exercises' starters, graders and solutions hide behind build tags: vet them too.
EXERCISES = ./chapters/exercises/...

vet:
	$(GO) vet ./...
	$(GO) vet -tags grade $(EXERCISES)
	$(GO) vet -tags 'grade solution' $(EXERCISES)

# -count=1: the transcripts run programs and read files go test's cache cannot see.
unit:
	$(GO) test -count=1 ./...

compat:
	GOTOOLCHAIN=$(OLDGO) $(GO) vet ./...
	GOTOOLCHAIN=$(OLDGO) $(GO) vet -tags grade $(EXERCISES)
	GOTOOLCHAIN=$(OLDGO) $(GO) vet -tags 'grade solution' $(EXERCISES)

## exercises: run every exercise's grader on its reference solution.
exercises:
	$(GO) test -count=1 -tags 'grade solution' $(EXERCISES)

## bench: the speed table the README quotes (chapters/speed/bench): each server a process of its own on
## 127.0.0.1, driven by wrk (installed from Debian when missing), in alternating rounds; then the
## form benchmarks. About 8 minutes.
bench:
	@command -v wrk >/dev/null || { echo "installing wrk"; \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -q && apt-get install -y -q wrk; \
	  else sudo apt-get update -q && sudo apt-get install -y -q wrk; fi; }
	$(GO) run ./chapters/speed/bench

## fuzz: each fuzz target for FUZZTIME (the plain test run replays the seed corpora).
fuzz:
	@for pkg in $$($(GO) list ./...); do \
	  for f in $$($(GO) test -list '^Fuzz' $$pkg | grep '^Fuzz'); do \
	    echo "== $$pkg $$f"; $(GO) test -run '^$$' -fuzz "^$$f$$" -fuzztime $(FUZZTIME) $$pkg || exit 1; \
	  done; \
	done

## update: rewrite the expected output of the transcripts in testdata/ from a fresh replay.
update:
	$(GO) test ./chapters -run TestTranscripts -update

## book: build the HTML book with mdBook.
book:
	@command -v mdbook >/dev/null || { echo "mdbook is not installed: cargo install mdbook, or see https://rust-lang.github.io/mdBook/guide/installation.html"; exit 1; }
	mdbook build
