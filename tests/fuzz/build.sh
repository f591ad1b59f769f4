#!/bin/sh
# build.sh - build the libFuzzer targets of samenspel into tests/fuzz/bin/.
#
# The library sources (lib/*.c, with the lib/data_*.c that make generates
# from lib/data/*.csv) are compiled with the fuzzer's coverage and with
# AddressSanitizer and UBSan; every target is linked against them.
#
# Environment: FUZZ_CC (default clang), FUZZ_CFLAGS (added to the flags).
set -eu

cd "$(dirname "$0")/../.."
cc=${FUZZ_CC:-clang}
out=tests/fuzz/bin
obj=$out/obj
targets="csv classify rules plan merge list"

# The generated tables: lib/data_*.c come with the library.
make -s lib/libsamenspel.a

warn="-std=c11 -Wall -Wextra -Wpedantic -Werror"
cppflags="-D_POSIX_C_SOURCE=200809L -Iinclude -Ilib"
cflags="-O1 -g -fno-omit-frame-pointer -fno-sanitize-recover=all ${FUZZ_CFLAGS:-}"
san="address,undefined"

mkdir -p "$obj"
objs=
for src in lib/*.c; do
	o=$obj/$(basename "$src" .c).o
	objs="$objs $o"
	# Rebuild when the source or any header is newer than the object.
	if [ -f "$o" ] && [ -z "$(find "$src" include/samenspel.h lib/*.h \
	    -newer "$o" 2>/dev/null)" ]; then
		continue
	fi
	echo "  CC      $o"
	# shellcheck disable=SC2086
	$cc $warn $cppflags $cflags -fsanitize=fuzzer-no-link,$san \
	    -c -o "$o" "$src"
done

for t in $targets; do
	src=tests/fuzz/fuzz_$t.c
	extra=
	# fuzz_csv also reads through a read(2) that returns a few bytes.
	[ "$t" = csv ] && extra="-DFUZZ_WRAP_READ -Wl,--wrap=read"
	echo "  CCLD    $out/fuzz_$t"
	# shellcheck disable=SC2086
	$cc $warn $cppflags $cflags $extra -fsanitize=fuzzer,$san \
	    -o "$out/fuzz_$t" "$src" $objs -lcsv -pthread
done
