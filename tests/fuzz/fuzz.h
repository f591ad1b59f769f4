/*
 * fuzz.h - what the fuzz targets share: a failed check, a growable byte
 * string, scratch files that the library's writer can write to, reading
 * one back whole, and the invariants of a classified record. Define
 * FUZZ_NAME before including it.
 */
#ifndef SP_FUZZ_H
#define SP_FUZZ_H

#if defined(__linux__)
#define _GNU_SOURCE
#endif

#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>
#if defined(__linux__)
#include <sys/mman.h>
#endif

#include "samenspel.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A broken invariant: say which, and crash for libFuzzer to keep. */
#define CHECK(cond, ...) do {						\
	if (!(cond)) {							\
		fprintf(stderr, FUZZ_NAME ": " __VA_ARGS__);		\
		fputc('\n', stderr);					\
		abort();						\
	}								\
} while (0)

struct bytes {
	unsigned char	*p;
	size_t		 len, cap;
};

static inline void
bytes_add(struct bytes *b, const void *p, size_t n)
{
	if (b->cap - b->len < n) {
		size_t cap = b->cap ? b->cap : 256;

		while (cap - b->len < n)
			cap *= 2;
		if ((b->p = realloc(b->p, cap)) == NULL)
			abort();
		b->cap = cap;
	}
	if (n > 0)
		memcpy(b->p + b->len, p, n);
	b->len += n;
}

/*
 * An empty scratch file (0 or 1), kept open across runs: in memory where
 * memfd_create exists, a temporary file elsewhere.
 */
static inline int
scratch_fd(int which)
{
	static int fd[2] = { -1, -1 };

	if (fd[which] == -1) {
#if defined(__linux__) && defined(MFD_CLOEXEC)
		fd[which] = memfd_create(FUZZ_NAME, MFD_CLOEXEC);
#endif
		if (fd[which] == -1) {
			FILE *f = tmpfile();

			if (f == NULL)
				abort();
			fd[which] = fileno(f);
		}
	}
	if (ftruncate(fd[which], 0) == -1 ||
	    lseek(fd[which], 0, SEEK_SET) == -1)
		abort();
	return fd[which];
}

/* All that a scratch file holds, NUL-terminated; *len its length. */
static inline char *
slurp(int fd, size_t *len)
{
	struct stat sb;
	char *p;
	ssize_t got;
	size_t done = 0;

	if (fstat(fd, &sb) == -1 || (p = malloc((size_t)sb.st_size + 1)) ==
	    NULL)
		abort();
	while (done < (size_t)sb.st_size) {
		got = pread(fd, p + done, (size_t)sb.st_size - done,
		    (off_t)done);
		if (got <= 0)
			abort();
		done += (size_t)got;
	}
	p[done] = '\0';
	*len = done;
	return p;
}

/* What one thread wrote to scratch fd1 two threads must have to fd2. */
static inline void
check_same_output(int fd1, int fd2)
{
	size_t len1, len2;
	char *one = slurp(fd1, &len1), *two = slurp(fd2, &len2);

	CHECK(len1 == len2 && memcmp(one, two, len1) == 0,
	    "two threads wrote %zu bytes, one thread %zu, or other bytes",
	    len2, len1);
	free(one);
	free(two);
}

/* What holds for any classified record: form, confidence and reason. */
static inline void
check_classified(const sp_classifier *c)
{
	int form = sp_classifier_form(c), conf = sp_classifier_confidence(c);
	const char *reason = sp_classifier_reason(c);

	CHECK(form >= 0 && form <= 4, "form %d", form);
	CHECK(conf >= 0 && conf <= 100, "confidence %d", conf);
	CHECK(form != 0 || conf == 0, "form 0 with confidence %d", conf);
	CHECK(reason != NULL && *reason != '\0', "empty reason");
}

#endif /* SP_FUZZ_H */
