# Ferrython build. `make` builds the library and the launcher in release mode into target/release/.
#   make          libpython3.11.so.1.0 (+ libpython3.11.so link) and python3.11 in target/release/
#   make run      builds, then runs examples/hello.py with the real python3.11 on our library
#   make test     everything the test suite needs (installs libclang for the layout test), then cargo test
PYTHON  ?= python3.11
CARGO   ?= cargo
CC      ?= cc
OUT     := target/release
LIB     := $(OUT)/libpython3.11.so.1.0
LAUNCHER := $(OUT)/python3.11
PY_INCLUDE := $(shell $(PYTHON) -c 'import sysconfig; print(sysconfig.get_paths()["include"])' 2>/dev/null)

.PHONY: all lib run test check-python FORCE
all: $(LIB) $(LAUNCHER)

check-python:
	@test -n "$(PY_INCLUDE)" || { echo "error: CPython 3.11 ($(PYTHON)) with headers is required; set PYTHON=/path/to/python3.11" >&2; exit 1; }

# Cargo decides whether anything changed; the copy is a regular file (samplers match the
# mapped file's name), replaced atomically so running programs keep their mapping.
$(LIB): FORCE
	$(CARGO) build --release -p ferrython
	cp -f $(OUT)/libferrython.so $(LIB).tmp && mv -f $(LIB).tmp $(LIB)
	ln -sf libpython3.11.so.1.0 $(OUT)/libpython3.11.so

$(LAUNCHER): src/launcher.c $(LIB) | check-python
	$(CC) -O2 -I$(PY_INCLUDE) src/launcher.c -L$(OUT) -lpython3.11 -Wl,-rpath,'$$ORIGIN' -o $@

run: all
	LD_LIBRARY_PATH=$(CURDIR)/$(OUT) $(PYTHON) examples/hello.py

test: all
	bash tools/ensure-test-deps.sh
	$(CARGO) test --workspace

FORCE:
