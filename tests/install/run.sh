#!/bin/sh
# Install into a scratch DESTDIR, compile the example program of
# libsamenspel(3) against the installed header and library as a user
# would (pkg-config), run it, check what the library exports, uninstall.
top=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d) || exit 1
trap 'rm -rf "$work"' EXIT
dest=$work/root
prefix=/usr/local
pass=0
fail=0
check() {
	if [ "$1" = "$2" ]; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		echo "FAIL $3: expected '$1', got '$2'"
	fi
}

cd "$top" || exit 1
make -s install DESTDIR="$dest" PREFIX="$prefix" >/dev/null || {
	echo "install: make install failed"
	exit 1
}
for f in bin/samenspel bin/samenspel-classify include/samenspel.h \
    lib/libsamenspel.so lib/libsamenspel.so.0 lib/libsamenspel.a \
    lib/pkgconfig/samenspel.pc share/man/man1/samenspel-classify.1 \
    share/man/man3/libsamenspel.3 share/man/man7/samenspel.7 \
    share/bash-completion/completions/samenspel; do
	check yes "$([ -e "$dest$prefix/$f" ] && echo yes)" "installed $f"
done

# Build against the installed files only: the sysroot points pkg-config
# at them as they will be after a real install.
PKG_CONFIG_PATH=$dest$prefix/lib/pkgconfig
PKG_CONFIG_SYSROOT_DIR=$dest
export PKG_CONFIG_PATH PKG_CONFIG_SYSROOT_DIR
check 0.1.0 "$(pkg-config --modversion samenspel)" "pkg-config version"
# shellcheck disable=SC2046
# shellcheck disable=SC2086	# LDFLAGS: -fsanitize=... under make asan
${CC:-cc} -std=c11 -Wall -Wextra -Wpedantic -Werror ${LDFLAGS-} \
    -o "$work/classify-two" examples/api/classify-two.c \
    $(pkg-config --cflags --libs samenspel) 2>"$work/cc.err"
check 0 "$?" "compile the example against the installed library"
cat "$work/cc.err"
LD_LIBRARY_PATH=$dest$prefix/lib "$work/classify-two" >"$work/out" 2>&1
check 0 "$?" "run the example"
check "$(readlink -f "$dest$prefix/lib/libsamenspel.so.0.1.0")" \
    "$(LD_LIBRARY_PATH=$dest$prefix/lib ldd "$work/classify-two" |
    awk '/libsamenspel/ { print $3 }' | xargs readlink -f)" \
    "the example uses the installed shared library"
grep -q 'form 1' "$work/out"
check 0 "$?" "first record is form 1"
grep -q 'form 2' "$work/out"
check 0 "$?" "second record is form 2"

# The shared library exports sp_ names only, and has its soname.
check "" "$(nm -D --defined-only "$dest$prefix/lib/libsamenspel.so" |
    awk '{ print $3 }' | grep -v '^sp_')" "only sp_ names exported"
check libsamenspel.so.0 "$(objdump -p "$dest$prefix/lib/libsamenspel.so" |
    awk '/SONAME/ { print $2 }')" "soname"
check 0.1.0 "$("$dest$prefix/bin/samenspel" --version | awk '{ print $2 }')" \
    "installed command runs"

make -s uninstall DESTDIR="$dest" PREFIX="$prefix" >/dev/null
check "" "$(find "$dest" -type f -o -type l)" "uninstall removes everything"

echo "install: $((pass + fail)) checks, $pass passed, $fail failed"
[ "$fail" -eq 0 ]
