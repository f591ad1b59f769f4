# samenspel - the forms of interplay between government and society, as
# Unix tools over CSV registers.

VERSION   = 0.1.0
SOMAJOR   = 0
PREFIX   ?= /usr/local

CC       ?= cc
CFLAGS   ?= -O2 -g
WARN      = -std=c11 -Wall -Wextra -Wpedantic -Werror
HARDEN    = -D_FORTIFY_SOURCE=2 -fstack-protector-strong
ALL_CPPFLAGS = -D_POSIX_C_SOURCE=200809L -Iinclude $(CPPFLAGS)
ALL_CFLAGS   = $(WARN) $(HARDEN) -fPIC $(CFLAGS)
ALL_LDFLAGS  = -Wl,-z,relro,-z,now $(LDFLAGS)
LIBS      = -lcsv -pthread

LIB_SRC = lib/buf.c lib/text.c lib/settings.c lib/csv_reader.c \
	  lib/csv_writer.c lib/output.c lib/fields.c lib/match.c lib/forms.c \
	  lib/rules.c lib/classify.c lib/kb.c lib/list.c lib/text_table.c \
	  lib/hash.c lib/report.c lib/report_format.c lib/report_html.c \
	  lib/pool.c lib/pipe.c
DATA    = lib/data/rules.csv lib/data/plans.csv lib/data/perspectives.csv \
	  lib/data/services.csv lib/data/added_value.csv lib/data/forms.csv \
	  lib/data/crosswalk.csv
DATA_SRC = $(DATA:lib/data/%.csv=lib/data_%.c)
LIB_OBJ = $(LIB_SRC:.c=.o) $(DATA_SRC:.c=.o)

CMDS    = samenspel samenspel-classify samenspel-steps samenspel-perspectives \
	  samenspel-report
CMD_BIN = $(CMDS:%=bin/%)
CLI_OBJ = cmd/cli.o

SONAME  = libsamenspel.so.$(SOMAJOR)
SHLIB   = lib/libsamenspel.so.$(VERSION)
STLIB   = lib/libsamenspel.a

# make V=1 shows the commands in full.
ifeq ($(V),1)
Q =
E = @:
else
Q = @
E = @echo
endif

UNIT_SRC = $(wildcard tests/unit/test_*.c)
UNIT_BIN = $(UNIT_SRC:.c=)

.PHONY: all check check-unit check-cli check-doc check-browser check-install \
	check-completion fuzz bench \
	clean demo lint asan tsan valgrind install uninstall

all: $(SHLIB) lib/libsamenspel.so $(STLIB) $(CMD_BIN)

lib/%.o: lib/%.c include/samenspel.h lib/internal.h lib/rules.h lib/match.h \
    lib/kb.h lib/report.h
	$(E) "  CC      $@"
	$(Q)$(CC) $(ALL_CPPFLAGS) -DSP_BUILDING_LIBRARY $(ALL_CFLAGS) \
	    -fvisibility=hidden -c -o $@ $<

# The built-in tables: each CSV under lib/data becomes a byte array.
lib/data_%.c: lib/data/%.csv
	@{ echo '/* Generated from $< by make; do not edit. */'; \
	   echo '#include <stddef.h>'; \
	   echo 'extern const unsigned char sp_data_$*[];'; \
	   echo 'extern const size_t sp_data_$*_len;'; \
	   echo 'const unsigned char sp_data_$*[] = {'; \
	   od -An -v -tx1 $< | sed 's/\([0-9a-f][0-9a-f]\)/0x\1,/g'; \
	   echo '};'; \
	   echo 'const size_t sp_data_$*_len = sizeof sp_data_$*;'; } > $@

lib/data_%.o: lib/data_%.c
	$(E) "  CC      $@"
	$(Q)$(CC) $(ALL_CFLAGS) -fvisibility=hidden -c -o $@ $<

$(SHLIB): $(LIB_OBJ)
	$(E) "  LD      $@"
	$(Q)$(CC) -shared -Wl,-soname,$(SONAME) $(ALL_LDFLAGS) -o $@ $(LIB_OBJ) \
	    $(LIBS)

lib/libsamenspel.so: $(SHLIB)
	$(Q)ln -sf libsamenspel.so.$(VERSION) lib/$(SONAME)
	$(Q)ln -sf $(SONAME) $@

$(STLIB): $(LIB_OBJ)
	$(E) "  AR      $@"
	$(Q)rm -f $@
	$(Q)ar rcs $@ $(LIB_OBJ)

cmd/%.o: cmd/%.c cmd/cli.h include/samenspel.h
	$(E) "  CC      $@"
	$(Q)$(CC) $(ALL_CPPFLAGS) $(ALL_CFLAGS) -c -o $@ $<

bin/%: cmd/%.o $(CLI_OBJ) $(STLIB)
	@mkdir -p bin
	$(E) "  LD      $@"
	$(Q)$(CC) $(ALL_LDFLAGS) -o $@ $< $(CLI_OBJ) $(STLIB) $(LIBS)

tests/unit/test_%: tests/unit/test_%.c $(STLIB) include/samenspel.h
	$(E) "  CC      $@"
	$(Q)$(CC) $(ALL_CPPFLAGS) -Ilib $(ALL_CFLAGS) $(ALL_LDFLAGS) -o $@ $< \
	    $(STLIB) $(LIBS) -lcmocka

check: all check-unit check-cli check-doc check-install check-completion

check-unit: $(UNIT_BIN)
	@sh tests/unit/run.sh $(UNIT_BIN)

check-cli: $(CMD_BIN) tests/tools/sameval tests/bench/gen
	@sh tests/cli/run.sh

tests/tools/%: tests/tools/%.c $(STLIB) include/samenspel.h
	$(E) "  CC      $@"
	$(Q)$(CC) $(ALL_CPPFLAGS) $(ALL_CFLAGS) $(ALL_LDFLAGS) -o $@ $< \
	    $(STLIB) $(LIBS)

check-doc: $(CMD_BIN)
	@sh tests/doc/run.sh

# Install under $(DESTDIR)$(PREFIX), the layout a package has.
BINDIR   = $(PREFIX)/bin
LIBDIR   = $(PREFIX)/lib
INCDIR   = $(PREFIX)/include
MANDIR   = $(PREFIX)/share/man
DATADIR  = $(PREFIX)/share/samenspel
COMPDIR  = $(PREFIX)/share/bash-completion/completions
PCDIR    = $(LIBDIR)/pkgconfig
MAN1     = $(wildcard man/*.1)
MAN3     = $(wildcard man/*.3)
MAN7     = $(wildcard man/*.7)

samenspel.pc: samenspel.pc.in Makefile
	$(Q)sed -e 's|@PREFIX@|$(PREFIX)|' -e 's|@VERSION@|$(VERSION)|' \
	    samenspel.pc.in > $@

install: all samenspel.pc
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(LIBDIR) $(DESTDIR)$(INCDIR) \
	    $(DESTDIR)$(PCDIR) $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man3 \
	    $(DESTDIR)$(MANDIR)/man7 $(DESTDIR)$(DATADIR) $(DESTDIR)$(COMPDIR)
	install -m 755 $(CMD_BIN) $(DESTDIR)$(BINDIR)
	install -m 755 $(SHLIB) $(DESTDIR)$(LIBDIR)
	ln -sf libsamenspel.so.$(VERSION) $(DESTDIR)$(LIBDIR)/$(SONAME)
	ln -sf $(SONAME) $(DESTDIR)$(LIBDIR)/libsamenspel.so
	install -m 644 $(STLIB) $(DESTDIR)$(LIBDIR)
	install -m 644 include/samenspel.h $(DESTDIR)$(INCDIR)
	install -m 644 samenspel.pc $(DESTDIR)$(PCDIR)
	install -m 644 $(MAN1) $(DESTDIR)$(MANDIR)/man1
	$(if $(MAN3),install -m 644 $(MAN3) $(DESTDIR)$(MANDIR)/man3)
	$(if $(MAN7),install -m 644 $(MAN7) $(DESTDIR)$(MANDIR)/man7)
	install -m 755 examples/cron/weekly-report.sh $(DESTDIR)$(DATADIR)
	install -m 644 examples/register.csv $(DESTDIR)$(DATADIR)
	if [ -f contrib/bash-completion/samenspel ]; then \
	    install -m 644 contrib/bash-completion/samenspel \
	        $(DESTDIR)$(COMPDIR)/samenspel; \
	    for c in $(filter-out samenspel,$(CMDS)); do \
	        ln -sf samenspel $(DESTDIR)$(COMPDIR)/$$c; done; \
	fi

uninstall:
	rm -f $(addprefix $(DESTDIR)$(BINDIR)/,$(CMDS))
	rm -f $(DESTDIR)$(LIBDIR)/libsamenspel.so.$(VERSION) \
	    $(DESTDIR)$(LIBDIR)/$(SONAME) $(DESTDIR)$(LIBDIR)/libsamenspel.so \
	    $(DESTDIR)$(LIBDIR)/libsamenspel.a $(DESTDIR)$(INCDIR)/samenspel.h \
	    $(DESTDIR)$(PCDIR)/samenspel.pc
	rm -f $(addprefix $(DESTDIR)$(MANDIR)/man1/,$(notdir $(MAN1))) \
	    $(addprefix $(DESTDIR)$(MANDIR)/man3/,$(notdir $(MAN3))) \
	    $(addprefix $(DESTDIR)$(MANDIR)/man7/,$(notdir $(MAN7)))
	rm -f $(DESTDIR)$(DATADIR)/weekly-report.sh \
	    $(DESTDIR)$(DATADIR)/register.csv
	-rmdir $(DESTDIR)$(DATADIR) 2>/dev/null
	rm -f $(addprefix $(DESTDIR)$(COMPDIR)/,$(CMDS))

# The bash completion, driven with scripted COMP_WORDS.
check-completion:
	@sh tests/completion/run.sh

# Install into a scratch DESTDIR, build a program against the installed
# header and library with pkg-config, run it, uninstall.
check-install: all
	@CC='$(CC)' LDFLAGS='$(LDFLAGS)' sh tests/install/run.sh

# The HTML report in headless Chromium (Debian package chromium).
check-browser: $(CMD_BIN)
	@sh tests/browser/run.sh

demo: all
	./bin/samenspel-classify examples/register.csv

asan:
	$(MAKE) clean
	$(MAKE) check CC=clang CFLAGS='-O1 -g -fsanitize=address,undefined \
	    -fno-omit-frame-pointer -fno-sanitize-recover=all' \
	    HARDEN= LDFLAGS='-fsanitize=address,undefined'
	$(MAKE) clean

# ThreadSanitizer over what starts threads: the pool, and the cases of
# classify and of the threads of report, steps and perspectives.
TSAN = CC=clang CFLAGS='-O1 -g -fsanitize=thread' HARDEN= \
	LDFLAGS='-fsanitize=thread'
tsan:
	$(MAKE) clean
	$(MAKE) tests/unit/test_pool $(CMD_BIN) tests/tools/sameval \
	    tests/bench/gen $(TSAN)
	TSAN_OPTIONS='halt_on_error=1 exitcode=66' tests/unit/test_pool
	TSAN_OPTIONS='halt_on_error=1 exitcode=66' sh tests/cli/run.sh classify
	TSAN_OPTIONS='halt_on_error=1 exitcode=66' sh tests/cli/run.sh report/jobs
	TSAN_OPTIONS='halt_on_error=1 exitcode=66' sh tests/cli/run.sh steps/jobs
	TSAN_OPTIONS='halt_on_error=1 exitcode=66' \
	    sh tests/cli/run.sh perspectives/jobs
	$(MAKE) clean

# Throughput beside cat, a bare libcsv parse and Miller: BENCH_ROWS rows.
BENCH_TOOLS = tests/bench/gen tests/bench/csvcount tests/bench/measure
tests/bench/%: tests/bench/%.c
	$(E) "  CC      $@"
	$(Q)$(CC) -std=c11 -D_POSIX_C_SOURCE=200809L -O2 -Wall -Wextra \
	    -Werror -o $@ $< $(if $(filter %csvcount,$@),-lcsv)

bench: all $(BENCH_TOOLS)
	@sh tests/bench/run.sh

# libFuzzer targets (clang), FUZZ_SECONDS each, from the committed corpus.
FUZZ_SECONDS = 60
fuzz: $(DATA_SRC)
	@sh tests/fuzz/build.sh
	@FUZZ_SECONDS=$(FUZZ_SECONDS) sh tests/fuzz/run.sh

# The command-line suite with every command under valgrind: an error or a
# definite leak exits 99, which no case expects.
VALGRIND = valgrind -q --error-exitcode=99 --leak-check=full --show-leak-kinds=definite \
	   --errors-for-leak-kinds=definite --trace-children=yes
valgrind: $(CMD_BIN)
	@WRAPPER='$(VALGRIND)' sh tests/cli/run.sh

lint: $(DATA_SRC)
	cppcheck --quiet --enable=warning,portability --error-exitcode=1 \
	    --inline-suppr -Iinclude lib cmd
	clang-tidy --quiet lib/*.c cmd/*.c -- -std=c11 \
	    -D_POSIX_C_SOURCE=200809L -Iinclude -Ilib
	mandoc -Tlint -Wwarning man/*.[137]
	@echo "lint: cppcheck, clang-tidy and mandoc clean"

clean:
	rm -f lib/*.o cmd/*.o lib/data_*.c $(SHLIB) lib/$(SONAME) \
	    lib/libsamenspel.so $(STLIB) $(UNIT_BIN) tests/tools/sameval \
	    $(BENCH_TOOLS)
	rm -f samenspel.pc
	rm -rf bin tests/cli/out
.SECONDARY:
