// SPDX-License-Identifier: LGPL-2.1 OR MIT
/*
 * Capture file reader (see capfile.h). The file is read in large chunks
 * into a buffer; a record is handed out only once its header is checked
 * and all of its bytes are in the buffer. Messages name the file and the
 * byte offset of what is wrong.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "capfile.h"
#include "items.h"
#include "record.h"

#define SCT_CAPR_BUF	(1u << 20)	/* a multiple of 8, > SCT_CAP_MAX_RECORD */

struct sct_capr {
	int fd;
	const char *name;
	uint8_t *buf;		/* SCT_CAPR_BUF bytes after the struct;
				 * unread ones: buf[start..end)
				 */
	size_t start, end;
	size_t pending;		/* bytes of the record handed out last */
	uint64_t off;		/* file offset of buf[start] */
	bool eof;
	bool done;		/* the trailer was read */
	uint64_t records;
	int ret;		/* 0, or the error next() returns again */
	struct sct_cap_header hdr;
	struct sct_cap_trailer trailer;
	char errmsg[320];
};

/* Ends the reading with "NAME: byte OFF: what". */
static int sct_capr__fail(struct sct_capr *r, int err, uint64_t off, const char *fmt, ...)
{
	char what[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	snprintf(r->errmsg, sizeof(r->errmsg), "%s: byte %" PRIu64 ": %s", r->name, off, what);
	r->ret = -err;
	return r->ret;
}

/*
 * Makes n bytes (at most the buffer) unread in the buffer unless the file
 * ends first. Returns the unread bytes (< n only at the end of the file),
 * or -errno.
 */
static ssize_t sct_capr__fill(struct sct_capr *r, size_t n)
{
	ssize_t got;

	if (r->end - r->start >= n || r->eof)
		return (ssize_t)(r->end - r->start);
	if (r->start) {		/* keeps records 8-byte aligned: start is */
		memmove(r->buf, r->buf + r->start, r->end - r->start);
		r->end -= r->start;
		r->start = 0;
	}
	while (r->end < n && !r->eof) {
		got = read(r->fd, r->buf + r->end, SCT_CAPR_BUF - r->end);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0)
			return sct_capr__fail(r, errno, r->off + r->end, "cannot read: %s",
					      strerror(errno));
		r->eof = !got;
		r->end += (size_t)got;
	}
	return (ssize_t)r->end;
}

static void sct_capr__consume(struct sct_capr *r, size_t n)
{
	r->start += n;
	r->off += n;
}

/* 0, or a message naming the offset of the wrong field (magic: checked). */
static int sct_capr__check_header(struct sct_capr *r, const struct sct_cap_header *h)
{
	if (h->byte_order == __builtin_bswap32(SCT_CAP_BYTE_ORDER))
		return sct_capr__fail(r, EBADMSG, offsetof(struct sct_cap_header, byte_order),
				      "written on a machine of the other byte order");
	if (h->byte_order != SCT_CAP_BYTE_ORDER)
		return sct_capr__fail(r, EBADMSG, offsetof(struct sct_cap_header, byte_order),
				      "bad byte-order mark 0x%08" PRIx32, h->byte_order);
	if (h->version != SCT_CAP_VERSION)
		return sct_capr__fail(r, EBADMSG, offsetof(struct sct_cap_header, version),
				      "unsupported capture format version %u (this sctrace reads version %u)",
				      h->version, SCT_CAP_VERSION);
	if (h->header_size != sizeof(*h))
		return sct_capr__fail(r, EBADMSG, offsetof(struct sct_cap_header, header_size),
				      "bad header size %u (version %u headers are %zu bytes)",
				      h->header_size, SCT_CAP_VERSION, sizeof(*h));
	if (h->schema_version < SCTRACE_SCHEMA_OLDEST ||
	    h->schema_version > SCTRACE_SCHEMA_VERSION)
		return sct_capr__fail(r, EBADMSG, offsetof(struct sct_cap_header, schema_version),
				      "records of schema version %" PRIu32 " (this sctrace reads %u to %u)",
				      h->schema_version, SCTRACE_SCHEMA_OLDEST,
				      SCTRACE_SCHEMA_VERSION);
	if (!memchr(h->backend, 0, sizeof(h->backend)))
		return sct_capr__fail(r, EBADMSG, offsetof(struct sct_cap_header, backend),
				      "backend name not terminated");
	return 0;
}

static int sct_capr__read_header(struct sct_capr *r)
{
	ssize_t n = sct_capr__fill(r, sizeof(r->hdr));
	size_t magic = sizeof(SCT_CAP_MAGIC);

	if (n < 0)
		return (int)n;
	/* a short file that is something else is not a cut capture */
	if (memcmp(r->buf, SCT_CAP_MAGIC, (size_t)n < magic ? (size_t)n : magic))
		return sct_capr__fail(r, EBADMSG, 0, "not an sctrace capture (bad magic)");
	if ((size_t)n < sizeof(r->hdr))
		return sct_capr__fail(r, EBADMSG, 0, "truncated file header: %zd of %zu bytes",
				      n, sizeof(r->hdr));
	memcpy(&r->hdr, r->buf, sizeof(r->hdr));
	if (sct_capr__check_header(r, &r->hdr))
		return r->ret;
	sct_capr__consume(r, sizeof(r->hdr));
	return 0;
}

struct sct_capr *sct_capr__open(int fd, const char *name, char *err, size_t errlen)
{
	struct sct_capr *r = calloc(1, sizeof(*r) + SCT_CAPR_BUF);

	if (!r) {
		snprintf(err, errlen, "cannot read %s: %s", name, strerror(errno));
		return NULL;
	}
	r->buf = (uint8_t *)(r + 1);	/* 8-byte aligned: so are the records */
	r->fd = fd;
	r->name = name;
	if (sct_capr__read_header(r) < 0) {
		snprintf(err, errlen, "%s", r->errmsg);
		errno = -r->ret;
		sct_capr__free(r);
		return NULL;
	}
	return r;
}

/* The trailer at r->off, len bytes: the end of the file must follow. */
static int sct_capr__end(struct sct_capr *r, uint32_t len)
{
	ssize_t n;

	if (len != sizeof(r->trailer))
		return sct_capr__fail(r, EBADMSG, r->off, "trailer of %" PRIu32 " bytes, not %zu",
				      len, sizeof(r->trailer));
	n = sct_capr__fill(r, len);
	if (n < 0)
		return (int)n;
	if ((size_t)n < len)
		return sct_capr__fail(r, EBADMSG, r->off, "truncated trailer: %zd of %" PRIu32 " bytes",
				      n, len);
	memcpy(&r->trailer, r->buf + r->start, len);
	if (r->trailer.records != r->records)
		return sct_capr__fail(r, EBADMSG, r->off, "the trailer counts %" PRIu64
				      " records, %" PRIu64 " were read", r->trailer.records, r->records);
	sct_capr__consume(r, len);
	n = sct_capr__fill(r, 1);
	if (n < 0)
		return (int)n;
	if (n > 0)
		return sct_capr__fail(r, EBADMSG, r->off, "data after the trailer");
	r->done = true;
	return 0;
}

/* 0 when the record at r->off, len bytes of type, may be handed out. */
static int sct_capr__check_record(struct sct_capr *r, uint32_t len, unsigned int type)
{
	struct sct_items items;
	char why[160];
	ssize_t n;

	if (sct_record__check(len, type, len, why, sizeof(why)))
		return sct_capr__fail(r, EBADMSG, r->off, "%s", why);
	if (len > SCT_CAP_MAX_RECORD)
		return sct_capr__fail(r, EBADMSG, r->off, "record length %" PRIu32
				      " is more than the %u bytes a record may have", len,
				      SCT_CAP_MAX_RECORD);
	n = sct_capr__fill(r, len);
	if (n < 0)
		return (int)n;
	if ((size_t)n < len)
		return sct_capr__fail(r, EBADMSG, r->off, "truncated record: %zd of %" PRIu32
				      " bytes", n, len);
	if (sct_items__walk((const struct sctrace_hdr *)(r->buf + r->start), &items,
			    why, sizeof(why)))
		return sct_capr__fail(r, EBADMSG, r->off, "malformed items: %s", why);
	return 0;
}

int sct_capr__next(struct sct_capr *r, const struct sctrace_hdr **rec)
{
	const struct sctrace_hdr *h;
	ssize_t n;

	if (r->ret || r->done)
		return r->ret;
	sct_capr__consume(r, r->pending);
	r->pending = 0;
	n = sct_capr__fill(r, sizeof(*h));
	if (n < 0)
		return (int)n;
	if (n == 0)
		return sct_capr__fail(r, EBADMSG, r->off, "capture was not closed cleanly, %" PRIu64
				      " records read (no trailer)", r->records);
	if ((size_t)n < sizeof(*h))
		return sct_capr__fail(r, EBADMSG, r->off, "truncated record header: %zd of %zu bytes",
				      n, sizeof(*h));
	h = (const struct sctrace_hdr *)(r->buf + r->start);
	if (h->type == SCT_CAP_REC_TRAILER)
		return sct_capr__end(r, h->len) ? r->ret : 0;
	if (sct_capr__check_record(r, h->len, h->type))
		return r->ret;
	/* the fill may have moved the bytes */
	*rec = (const struct sctrace_hdr *)(r->buf + r->start);
	r->pending = (*rec)->len;
	r->records++;
	return 1;
}

const struct sct_cap_header *sct_capr__header(const struct sct_capr *r)
{
	return &r->hdr;
}

const struct sct_cap_trailer *sct_capr__trailer(const struct sct_capr *r)
{
	return &r->trailer;
}

const char *sct_capr__errmsg(const struct sct_capr *r)
{
	return r->errmsg;
}

void sct_capr__free(struct sct_capr *r)
{
	free(r);
}
