/*
 * pool.c - turn records into output rows in worker threads, the output
 * in input order.
 *
 * The caller's thread reads; records are copied into batches, and a
 * worker turns a whole batch into output bytes in a writer of its own.
 * A batch may also be a chunk of raw input (sp_reader_take), which the
 * worker parses itself: then the reading thread only cuts the input up,
 * and parsing, the larger part of the work, runs in parallel too. The
 * caller's thread writes the batches out oldest first. Batches are large
 * (many records) so that the one lock is seldom taken, and few (a ring of
 * slots) so that memory stays constant whatever the input size.
 */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "internal.h"

#define BATCH_BYTES	((size_t)64 * 1024)	/* a batch is full at this */
#define BATCH_RECORDS	512			/* or at this many records */
#define SLOT_KEEP	((size_t)1024 * 1024)	/* more is given back */

/* A slot being filled is p->filling, and FREE until it is queued. */
enum slot_state { FREE, QUEUED, RUNNING, DONE };

struct slot_record {
	size_t		 first;		/* in off */
	size_t		 n;
	unsigned long	 line;
};

/*
 * A bad record in a chunk, told in order when the chunk is written: its
 * place and line are a note of the batch's writer.
 */
struct slot_bad {
	size_t		 msg;		/* in the slot's badtext */
	size_t		 raw;
	size_t		 rawlen;
};

struct slot {
	enum slot_state	 state;
	sp_buf		 data;		/* the records' bytes, or a chunk's */
	size_t		*off;
	size_t		 noff;
	size_t		 offcap;
	struct slot_record *rec;
	size_t		 nrec;
	size_t		 reccap;
	sp_writer	*w;		/* the batch's output */
	sp_status	 st;

	/* A chunk: raw input that the worker parses. */
	int		 chunk;
	struct sp_chunk_format fmt;
	unsigned long	 line;
	void		*tag;
	struct slot_bad	*bad;
	size_t		 nbad;
	size_t		 badcap;
	sp_buf		 badtext;	/* messages and raw records */
};

struct worker {
	sp_pool		*pool;
	void		*state;
	sp_reader	*reader;	/* for chunks, made on the first */
	pthread_t	 thread;
	int		 started;
};

struct sp_pool {
	sp_writer	*out;
	sp_pool_fn	 fn;
	struct worker	*workers;
	int		 nworkers;
	struct slot	*slots;
	size_t		 nslots;
	unsigned long	 head;		/* the next batch to fill */
	unsigned long	 tail;		/* the oldest batch not written */
	struct slot	*filling;
	sp_status	 st;		/* the first failure */
	sp_pool_bad_fn	 bad;
	void		*bad_ctx;
	sp_pool_sink_fn	 sink;		/* NULL: write to out */
	void		*sink_ctx;
	sp_pool_note_fn	 note;
	void		*note_ctx;

	pthread_mutex_t	 lock;
	pthread_cond_t	 work;		/* a batch was queued, or stop */
	pthread_cond_t	 done;		/* a batch is done */
	int		 stop;
};

static struct slot *
slot_at(const sp_pool *p, unsigned long seq)
{
	return &p->slots[seq % p->nslots];
}

/*
 * Room for n more elements of size bytes in v, which holds used of *cap:
 * v itself, or a larger copy, or NULL when memory runs out (v is kept).
 */
static void *
grow(void *v, size_t *cap, size_t used, size_t n, size_t size)
{
	size_t c = *cap ? *cap : 64;
	void *q;

	if (used + n <= *cap)
		return v;
	while (c < used + n) {
		if (c > SIZE_MAX / 2 / size)
			return NULL;
		c *= 2;
	}
	if ((q = realloc(v, c * size)) == NULL)
		return NULL;
	*cap = c;
	return q;
}

/* Keep a chunk's bad record, to be told when the chunk is written. */
static sp_status
keep_bad(struct slot *s, sp_reader *r)
{
	struct slot_bad *b;
	const char *msg, *raw;
	size_t rawlen;
	unsigned long line;

	if ((b = grow(s->bad, &s->badcap, s->nbad, 1, sizeof *b)) == NULL)
		return SP_ENOMEM;
	s->bad = b;
	b += s->nbad;
	msg = sp_reader_error(r, &line, &raw, &rawlen);
	b->msg = s->badtext.len;
	if (sp_buf_append(&s->badtext, msg, strlen(msg) + 1) == -1)
		return SP_ENOMEM;
	b->raw = s->badtext.len;
	b->rawlen = rawlen;
	if (sp_buf_append(&s->badtext, raw, rawlen) == -1 ||
	    sp_writer_mem_note(s->w, line, (int)s->nbad, 1) != SP_OK)
		return SP_ENOMEM;
	s->nbad++;
	return SP_OK;
}

/* Parse a chunk and turn its records into rows. */
static void
run_chunk(struct worker *wk, struct slot *s)
{
	const sp_record *rec;
	sp_status st;

	if (wk->reader == NULL && (wk->reader = sp_reader_new()) == NULL) {
		s->st = SP_ENOMEM;
		return;
	}
	if ((s->st = sp_reader_open_chunk(wk->reader, &s->fmt, s->data.data,
	    s->data.len, s->line)) != SP_OK)
		return;
	for (;;) {
		st = sp_reader_next(wk->reader, &rec);
		if (st == SP_OK)
			st = wk->pool->fn(wk->state, rec, s->w);
		else if (st == SP_ERECORD)
			st = keep_bad(s, wk->reader);
		else if (st == SP_EOF)
			break;
		if (st != SP_OK) {
			s->st = st;
			break;
		}
	}
}

static void
run_batch(struct worker *wk, struct slot *s)
{
	sp_record rec;
	size_t i;

	s->st = SP_OK;
	if (s->chunk) {
		run_chunk(wk, s);
		return;
	}
	rec.data = s->data.data;
	for (i = 0; i < s->nrec; i++) {
		rec.off = s->off + s->rec[i].first;
		rec.n = s->rec[i].n;
		rec.line = s->rec[i].line;
		if ((s->st = wk->pool->fn(wk->state, &rec, s->w)) != SP_OK)
			break;
	}
}

/* The oldest queued batch, or NULL. Called with the lock held. */
static struct slot *
next_queued(sp_pool *p)
{
	unsigned long seq;

	for (seq = p->tail; seq != p->head; seq++)
		if (slot_at(p, seq)->state == QUEUED)
			return slot_at(p, seq);
	return NULL;
}

static void *
worker_main(void *arg)
{
	struct worker *wk = arg;
	sp_pool *p = wk->pool;
	struct slot *s;

	pthread_mutex_lock(&p->lock);
	for (;;) {
		while (!p->stop && (s = next_queued(p)) == NULL)
			pthread_cond_wait(&p->work, &p->lock);
		if (p->stop)
			break;
		s->state = RUNNING;
		pthread_mutex_unlock(&p->lock);
		run_batch(wk, s);
		pthread_mutex_lock(&p->lock);
		s->state = DONE;
		pthread_cond_signal(&p->done);
	}
	pthread_mutex_unlock(&p->lock);
	return NULL;
}

int
sp_pool_cpus(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	return n < 1 ? 1 : n > 64 ? 64 : (int)n;
}

static void
slot_free(struct slot *s)
{
	sp_buf_free(&s->data);
	free(s->off);
	free(s->rec);
	free(s->bad);
	sp_buf_free(&s->badtext);
	sp_writer_free(s->w);
}

sp_pool *
sp_pool_new(sp_writer *out, sp_pool_fn fn, void *const *states, int nworkers)
{
	sp_pool *p;
	size_t i;
	int k;

	if (nworkers < 1 || nworkers > 1024)
		return NULL;
	if ((p = calloc(1, sizeof *p)) == NULL)
		return NULL;
	p->out = out;
	p->fn = fn;
	p->nworkers = nworkers;
	/* Two batches a worker: one to run while the last is written out. */
	p->nslots = (size_t)nworkers * 2 + 2;
	p->workers = calloc((size_t)nworkers, sizeof *p->workers);
	p->slots = calloc(p->nslots, sizeof *p->slots);
	if (p->workers == NULL || p->slots == NULL)
		goto fail;
	for (i = 0; i < p->nslots; i++)
		if ((p->slots[i].w = sp_writer_mem_like(out)) == NULL)
			goto fail;
	if (pthread_mutex_init(&p->lock, NULL) != 0)
		goto fail;
	if (pthread_cond_init(&p->work, NULL) != 0) {
		pthread_mutex_destroy(&p->lock);
		goto fail;
	}
	if (pthread_cond_init(&p->done, NULL) != 0) {
		pthread_cond_destroy(&p->work);
		pthread_mutex_destroy(&p->lock);
		goto fail;
	}
	for (k = 0; k < nworkers; k++) {
		p->workers[k].pool = p;
		p->workers[k].state = states[k];
		if (pthread_create(&p->workers[k].thread, NULL, worker_main,
		    &p->workers[k]) != 0) {
			sp_pool_free(p);
			return NULL;
		}
		p->workers[k].started = 1;
	}
	return p;
fail:
	if (p->slots != NULL)
		for (i = 0; i < p->nslots; i++)
			slot_free(&p->slots[i]);
	free(p->slots);
	free(p->workers);
	free(p);
	return NULL;
}

void
sp_pool_free(sp_pool *p)
{
	size_t i;
	int k;

	if (p == NULL)
		return;
	pthread_mutex_lock(&p->lock);
	p->stop = 1;
	pthread_cond_broadcast(&p->work);
	pthread_mutex_unlock(&p->lock);
	for (k = 0; k < p->nworkers; k++) {
		if (p->workers[k].started)
			pthread_join(p->workers[k].thread, NULL);
		sp_reader_free(p->workers[k].reader);
	}
	pthread_cond_destroy(&p->done);
	pthread_cond_destroy(&p->work);
	pthread_mutex_destroy(&p->lock);
	for (i = 0; i < p->nslots; i++)
		slot_free(&p->slots[i]);
	free(p->slots);
	free(p->workers);
	free(p);
}

/* Output of the workers, to the sink or to out, until a failure. */
static void
put(sp_pool *p, const char *bytes, size_t len)
{
	if (p->st != SP_OK || len == 0)
		return;
	if (p->sink != NULL)
		p->st = p->sink(p->sink_ctx, bytes, len);
	else if (sp_writer_write(p->out, bytes, len) != SP_OK)
		p->st = SP_EIO;
}

/*
 * Write out the oldest batch, waiting for it when wait is set. Returns 1
 * when a batch was written, 0 when none was ready.
 */
static int
write_oldest(sp_pool *p, int wait)
{
	struct slot *s;
	const void *bytes;
	const struct sp_writer_note *notes, *n;
	const struct slot_bad *b;
	size_t len, from, i, nnotes;

	if (p->tail == p->head)
		return 0;
	s = slot_at(p, p->tail);
	pthread_mutex_lock(&p->lock);
	while (wait && s->state != DONE)
		pthread_cond_wait(&p->done, &p->lock);
	if (s->state != DONE) {
		pthread_mutex_unlock(&p->lock);
		return 0;
	}
	pthread_mutex_unlock(&p->lock);
	/*
	 * Only this thread touches a done batch: no lock to write it. The
	 * rows before a record that failed go out, as they would unthreaded.
	 */
	bytes = sp_writer_mem(s->w, &len);
	notes = sp_writer_mem_notes(s->w, &nnotes);
	from = 0;
	/* Bad records and notes, each where it came in the output. */
	for (i = 0; i < nnotes && p->st == SP_OK; i++) {
		n = &notes[i];
		put(p, (const char *)bytes + from, n->at - from);
		from = n->at;
		if (p->st != SP_OK)
			break;
		if (n->bad) {
			b = &s->bad[n->code];
			p->st = p->bad == NULL ? SP_ERECORD : p->bad(p->bad_ctx,
			    s->tag, n->line, s->badtext.data + b->msg,
			    s->badtext.data + b->raw, b->rawlen);
		} else if (p->note != NULL)
			p->st = p->note(p->note_ctx, n->line, n->code);
	}
	put(p, (const char *)bytes + from, len - from);
	/* The batch's writer is memory: its one failure is ENOMEM. */
	if (p->st == SP_OK && s->st != SP_OK)
		p->st = s->st == SP_EIO && sp_writer_errno(s->w) == ENOMEM ?
		    SP_ENOMEM : s->st;
	/* A huge record's room is given back, not kept for the next batch. */
	if (s->data.cap > SLOT_KEEP)
		sp_buf_free(&s->data);
	if (s->badtext.cap > SLOT_KEEP)
		sp_buf_free(&s->badtext);
	sp_writer_mem_clear(s->w, SLOT_KEEP);
	pthread_mutex_lock(&p->lock);
	s->state = FREE;
	p->tail++;
	pthread_mutex_unlock(&p->lock);
	return 1;
}

/* Hand the batch being filled to the workers. */
static void
queue(sp_pool *p)
{
	struct slot *s = p->filling;

	if (s == NULL)
		return;
	p->filling = NULL;
	pthread_mutex_lock(&p->lock);
	s->state = QUEUED;
	p->head++;
	pthread_cond_signal(&p->work);
	pthread_mutex_unlock(&p->lock);
}

/* Room in s for a record of n fields; -1 when memory runs out. */
static int
room(struct slot *s, size_t n)
{
	size_t *off;
	struct slot_record *rec;

	if ((off = grow(s->off, &s->offcap, s->noff, n + 1, sizeof *off)) ==
	    NULL)
		return -1;
	s->off = off;
	if ((rec = grow(s->rec, &s->reccap, s->nrec, 1, sizeof *rec)) == NULL)
		return -1;
	s->rec = rec;
	return 0;
}

/* The next slot in the ring, once its batch is out; NULL on failure. */
static struct slot *
take_slot(sp_pool *p)
{
	struct slot *s;

	while (p->head - p->tail >= p->nslots)
		(void)write_oldest(p, 1);
	if (p->st != SP_OK)
		return NULL;
	s = slot_at(p, p->head);
	sp_buf_clear(&s->data);
	sp_buf_clear(&s->badtext);
	s->noff = s->nrec = s->nbad = 0;
	s->chunk = 0;
	p->filling = s;
	return s;
}

sp_status
sp_pool_add(sp_pool *p, const sp_record *rec)
{
	struct slot *s;
	size_t base, i, span;

	if (p->st != SP_OK)
		return p->st;
	if ((s = p->filling) == NULL && (s = take_slot(p)) == NULL)
		return p->st;
	/* A record's fields lie in one span of bytes: copy it whole. */
	span = rec->off[rec->n] - rec->off[0];
	base = s->data.len;
	if (sp_buf_append(&s->data, rec->data + rec->off[0], span) == -1 ||
	    room(s, rec->n) == -1)
		return p->st = SP_ENOMEM;
	s->rec[s->nrec].first = s->noff;
	s->rec[s->nrec].n = rec->n;
	s->rec[s->nrec].line = rec->line;
	s->nrec++;
	for (i = 0; i <= rec->n; i++)
		s->off[s->noff++] = base + rec->off[i] - rec->off[0];
	if (s->data.len >= BATCH_BYTES || s->nrec >= BATCH_RECORDS)
		queue(p);
	/* Write out what is done, without waiting. */
	while (write_oldest(p, 0))
		;
	return p->st;
}

sp_status
sp_pool_add_chunk(sp_pool *p, const sp_reader *like, const char *data,
    size_t len, unsigned long line, void *tag)
{
	struct slot *s;

	if (p->st != SP_OK)
		return p->st;
	/* The records added before it go out before it. */
	queue(p);
	if ((s = take_slot(p)) == NULL)
		return p->st;
	if (sp_buf_append(&s->data, data, len) == -1)
		return p->st = SP_ENOMEM;
	s->chunk = 1;
	sp_reader_chunk_format(like, &s->fmt);
	s->line = line;
	s->tag = tag;
	queue(p);
	while (write_oldest(p, 0))
		;
	return p->st;
}

void
sp_pool_set_bad(sp_pool *p, sp_pool_bad_fn fn, void *ctx)
{
	p->bad = fn;
	p->bad_ctx = ctx;
}

void
sp_pool_set_sink(sp_pool *p, sp_pool_sink_fn fn, void *ctx)
{
	p->sink = fn;
	p->sink_ctx = ctx;
}

void
sp_pool_set_note(sp_pool *p, sp_pool_note_fn fn, void *ctx)
{
	p->note = fn;
	p->note_ctx = ctx;
}

sp_status
sp_pool_note(sp_writer *w, unsigned long line, int code)
{
	return sp_writer_mem_note(w, line, code, 0);
}

sp_status
sp_pool_drain(sp_pool *p)
{
	if (p->filling != NULL && p->filling->nrec > 0)
		queue(p);
	p->filling = NULL;
	while (write_oldest(p, 1))
		;
	return p->st;
}
