// SPDX-License-Identifier: LGPL-2.1 OR MIT
/* The ordering wait in a thread of its own (see syncer.h). */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "syncer.h"

struct sct_syncer {
	pthread_mutex_t lock;
	pthread_cond_t cond;		/* requested, done or quit changed */
	sct_sync_fn sync;
	void *sync_arg;
	sct_clock_fn clock;
	void *clock_arg;
	uint64_t safe;			/* under lock */
	uint64_t done;			/* syncs completed, under lock */
	bool requested, quit;		/* under lock */
	pthread_t thread;
	pid_t owner;			/* the process that has the thread */
};

static void *sct_syncer__run(void *arg)
{
	struct sct_syncer *s = arg;
	uint64_t t;

	pthread_mutex_lock(&s->lock);
	for (;;) {
		while (!s->requested && !s->quit)
			pthread_cond_wait(&s->cond, &s->lock);
		if (s->quit)
			break;
		s->requested = false;
		pthread_mutex_unlock(&s->lock);
		/* the clock first: records stamped before it are committed
		 * once the sync returns
		 */
		t = s->clock(s->clock_arg);
		s->sync(s->sync_arg);
		pthread_mutex_lock(&s->lock);
		/* the unlock orders this after the sync for the reader, who
		 * takes the lock before it refreshes the rings
		 */
		if (t > s->safe)
			s->safe = t;
		s->done++;
		pthread_cond_broadcast(&s->cond);
	}
	pthread_mutex_unlock(&s->lock);
	return NULL;
}

struct sct_syncer *sct_syncer__new(sct_sync_fn sync, void *sync_arg,
				   sct_clock_fn clock, void *clock_arg)
{
	struct sct_syncer *s = calloc(1, sizeof(*s));
	pthread_condattr_t ca;
	sigset_t all, old;
	int err;

	if (!s)
		return NULL;
	s->owner = getpid();
	s->sync = sync;
	s->sync_arg = sync_arg;
	s->clock = clock;
	s->clock_arg = clock_arg;
	pthread_mutex_init(&s->lock, NULL);
	/* timed waits on CLOCK_MONOTONIC: a clock step cannot stretch them */
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&s->cond, &ca);
	pthread_condattr_destroy(&ca);
	/* signals stay with the caller's threads (the CLI's SIGINT) */
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	err = pthread_create(&s->thread, NULL, sct_syncer__run, s);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (err) {
		pthread_cond_destroy(&s->cond);
		pthread_mutex_destroy(&s->lock);
		free(s);
		errno = err;
		return NULL;
	}
	return s;
}

void sct_syncer__free(struct sct_syncer *s)
{
	if (!s)
		return;
	/* a forked child has no such thread (nor may it use the handle) */
	if (getpid() != s->owner)
		return;
	pthread_mutex_lock(&s->lock);
	s->quit = true;
	pthread_cond_broadcast(&s->cond);
	pthread_mutex_unlock(&s->lock);
	pthread_join(s->thread, NULL);
	pthread_cond_destroy(&s->cond);
	pthread_mutex_destroy(&s->lock);
	free(s);
}

/* A field written under the lock, read under it. */
static uint64_t sct_syncer__get(struct sct_syncer *s, const uint64_t *field)
{
	uint64_t v;

	pthread_mutex_lock(&s->lock);
	v = *field;
	pthread_mutex_unlock(&s->lock);
	return v;
}

uint64_t sct_syncer__safe(struct sct_syncer *s)
{
	return sct_syncer__get(s, &s->safe);
}

/*
 * Under lock. Asked while one runs: the next one starts when it ends (the
 * running one may have read its clock before what the caller waits for).
 */
static void sct_syncer__kick(struct sct_syncer *s)
{
	if (!s->requested) {
		s->requested = true;
		pthread_cond_broadcast(&s->cond);
	}
}

void sct_syncer__request(struct sct_syncer *s)
{
	pthread_mutex_lock(&s->lock);
	sct_syncer__kick(s);
	pthread_mutex_unlock(&s->lock);
}

bool sct_syncer__wait(struct sct_syncer *s, uint64_t seen, unsigned int timeout_ms)
{
	struct timespec end;
	bool done;

	clock_gettime(CLOCK_MONOTONIC, &end);
	end.tv_nsec += (long)(timeout_ms % 1000) * 1000000;
	end.tv_sec += timeout_ms / 1000 + end.tv_nsec / 1000000000;
	end.tv_nsec %= 1000000000;
	pthread_mutex_lock(&s->lock);
	sct_syncer__kick(s);
	while (s->done == seen &&
	       pthread_cond_timedwait(&s->cond, &s->lock, &end) != ETIMEDOUT)
		;
	done = s->done != seen;
	pthread_mutex_unlock(&s->lock);
	return done;
}

uint64_t sct_syncer__count(struct sct_syncer *s)
{
	return sct_syncer__get(s, &s->done);
}
