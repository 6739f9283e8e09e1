# Every target works on a fresh machine with Go, make and curl; make test uses Python 3.11, git
# and Chromium where they are installed, and says what it skips without them (README.md).
GO      ?= go
# The oldest toolchain go.mod admits; make test proves the code still builds with it.
OLDGO   ?= go1.20.14
FUZZTIME ?= 10s

.PHONY: run test check-format vet unit compat grade exercises bench fuzz update book

# ADDR is where make run listens: the article's localhost:8080, as every example of the book.
ADDR    ?= localhost:8080

## run: start the article's first example, the GET echo server (chapters/basehttp/get), on ADDR.
## Replayed by testdata/readme/run.txtar, as the README shows it. The trap: go run exits 1 when
## Ctrl-C stops the program it runs, even if the program exits 0; make would report that as an error.
run:
	@trap 'exit 0' INT; $(GO) run ./chapters/basehttp/get -addr $(ADDR)

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

# compat vets the code with $(OLDGO) when that toolchain is at hand (in the module cache, or
# the installed go): make test never downloads it, so it passes offline. COMPAT=1 (as .ci/run
# sets) fetches the toolchain through the module proxy if needed, about 100 MB, and never skips.
compat:
	@if [ "$(COMPAT)" != 1 ] && ! GOTOOLCHAIN=$(OLDGO) GOPROXY=off $(GO) version >/dev/null 2>&1; then \
	  echo "compat: SKIPPED: the $(OLDGO) toolchain is not in the module cache, and make test does not download it;"; \
	  echo "        make compat COMPAT=1 fetches it (about 100 MB) and vets the code with it"; \
	else \
	  set -x; \
	  GOTOOLCHAIN=$(OLDGO) $(GO) vet ./... && \
	  GOTOOLCHAIN=$(OLDGO) $(GO) vet -tags grade $(EXERCISES) && \
	  GOTOOLCHAIN=$(OLDGO) $(GO) vet -tags 'grade solution' $(EXERCISES); \
	fi

## grade: grade your exercises as they are: EX=socketserver/lines grades one and says what to
## do next; without EX, all of them, as a table a course can paste (chapters/exercises/exercises_test.go).
grade:
	@log=$$(mktemp); \
	GRADE='$(or $(EX),all)' $(GO) test -count=1 -run '^TestGradeReport$$' -v ./chapters/exercises >"$$log" 2>&1; \
	status=$$?; \
	grep -v -E '^(=== RUN|--- (PASS|SKIP): TestGradeReport|PASS$$|ok  )' "$$log"; \
	rm -f "$$log"; \
	exit $$status

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

## update: rewrite the expected output of the transcripts in testdata/ (the README's in
## testdata/readme/) from a fresh replay; then the chapters' listings from the files they
## show (an include directive becomes a listing), and each session of a chapter whose
## command lines are a transcript section's from that section.
update:
	$(GO) test ./chapters -run '^(TestTranscripts|TestReadme)$$' -update -count=1
	$(GO) test ./chapters -run '^(TestBookListings|TestBookSessions)$$' -update -count=1

## book: build the HTML book in book/: with mdBook where it is installed, otherwise with pandoc
## (Debian's package; .ci/run installs it), one page per chapter in SUMMARY.md's order.
book:
	@if command -v mdbook >/dev/null; then mdbook build && echo 'module book // copies, not packages of the module' >book/go.mod; \
	elif command -v pandoc >/dev/null; then .ci/book-pandoc book; \
	else echo "make book needs mdbook (https://rust-lang.github.io/mdBook/) or pandoc (apt-get install pandoc)"; exit 1; fi
