/* SPDX-License-Identifier: LGPL-2.1 OR MIT */
/*
 * sctrace capture files (sctrace -w FILE, read back with sctrace -r FILE).
 *
 * Layout, every field in the byte order of the machine that wrote it:
 *
 *   struct sct_cap_header       128 bytes: magic "SCTRACE\0", byte-order
 *                               mark, format version, the ABI versions of
 *                               the records, backend, snaplen, CPUs, ring
 *                               size, and a wall-clock anchor
 *                               (CLOCK_REALTIME and CLOCK_MONOTONIC read
 *                               together at the start: a record's absolute
 *                               time is realtime_ns + ts_ns - monotonic_ns)
 *   records                     as sctrace_next() returned them, byte for
 *                               byte (driver/sctrace_abi.h: hdr.len is the
 *                               record's size, a multiple of 8), in merged
 *                               timestamp order
 *   struct sct_cap_trailer      144 bytes, written when the capture ends
 *                               cleanly: a record-shaped frame of type
 *                               SCT_CAP_REC_TRAILER (file-only: the
 *                               kernel's record types stay below 0x8000)
 *                               with the number of records before it and
 *                               the final struct sctrace_counters
 *
 * then the end of the file. A file without a trailer was cut short (the
 * writer was killed, the disk filled up): its records are still readable.
 *
 * Versions: SCT_CAP_VERSION changes with this layout (a reader refuses
 * any other); schema_version is SCTRACE_SCHEMA_VERSION of the records
 * (a reader refuses a schema it does not know); api_major/minor are for
 * information. The trailer embeds struct sctrace_counters: a change of
 * that struct is a new SCT_CAP_VERSION (the size asserts below say so).
 */
#ifndef SCT_CAPFILE_H
#define SCT_CAPFILE_H

#include <stddef.h>
#include <stdint.h>
#include "sctrace_abi.h"

#define SCT_CAP_MAGIC		"SCTRACE"	/* 8 bytes with its NUL */
#define SCT_CAP_VERSION		1
#define SCT_CAP_BYTE_ORDER	0x01020304u	/* reads 0x04030201 if swapped */
#define SCT_CAP_REC_TRAILER	0x8001		/* sct_cap_trailer.hdr.type */

/*
 * Longest record a reader accepts: far above the longest one the ABI
 * allows (SCTRACE_MAX_RECORD), and small enough that a corrupt length
 * cannot make a reader allocate much.
 */
#define SCT_CAP_MAX_RECORD	(64u << 10)
_Static_assert(SCT_CAP_MAX_RECORD >= SCTRACE_MAX_RECORD,
	       "SCT_CAP_MAX_RECORD below the longest record");

struct sct_cap_header {
	char magic[8];			/* SCT_CAP_MAGIC */
	uint32_t byte_order;		/* SCT_CAP_BYTE_ORDER */
	uint16_t version;		/* SCT_CAP_VERSION */
	uint16_t header_size;		/* sizeof(struct sct_cap_header) */
	uint16_t api_major;		/* SCTRACE_API_VERSION_MAJOR */
	uint16_t api_minor;		/* SCTRACE_API_VERSION_MINOR */
	uint32_t schema_version;	/* SCTRACE_SCHEMA_VERSION */
	char backend[16];		/* "kmod" or "bpf", NUL-padded */
	uint32_t snaplen;		/* string bytes copied at most */
	uint32_t nr_cpus;		/* struct sctrace_info */
	uint64_t ring_size;		/* bytes per CPU ring */
	uint32_t max_tgids;		/* struct sctrace_info */
	uint32_t reserved0;		/* zero */
	uint64_t realtime_ns;		/* CLOCK_REALTIME at the start ... */
	uint64_t monotonic_ns;		/* ... and CLOCK_MONOTONIC with it */
	uint64_t reserved[6];		/* zero */
};

struct sct_cap_trailer {
	struct sctrace_hdr hdr;		/* len = sizeof(struct sct_cap_trailer),
					 * type = SCT_CAP_REC_TRAILER, ts_ns =
					 * CLOCK_MONOTONIC at the end, rest 0
					 */
	uint64_t records;		/* records between header and trailer */
	uint64_t reserved;		/* zero */
	struct sctrace_counters counters;	/* at the end of the capture */
};

_Static_assert(sizeof(struct sct_cap_header) == 128, "struct sct_cap_header");
_Static_assert(sizeof(struct sct_cap_trailer) == 144, "struct sct_cap_trailer");

/* What the writer puts into the header besides versions and clocks. */
struct sct_cap_meta {
	const char *backend;		/* at most 15 characters */
	uint32_t snaplen;
	uint32_t nr_cpus;
	uint64_t ring_size;
	uint32_t max_tgids;
};

/*
 * Writer: records go into a 1 MiB buffer, written to fd when it is full
 * and at sct_capw__finish(). Functions return 0 or -errno; after an error
 * every call returns it again and sct_capw__errmsg() says what failed,
 * naming the file. name must outlive the writer; fd stays the caller's.
 */
struct sct_capw;

/* Reads the clocks, puts the header into the buffer. NULL: see err. */
struct sct_capw *sct_capw__open(int fd, const char *name, const struct sct_cap_meta *m,
				char *err, size_t errlen);
int sct_capw__record(struct sct_capw *w, const struct sctrace_hdr *rec);
/* The trailer with c, then everything buffered to fd. */
int sct_capw__finish(struct sct_capw *w, const struct sctrace_counters *c);
const char *sct_capw__errmsg(const struct sct_capw *w);
void sct_capw__free(struct sct_capw *w);

/*
 * Reader: checks every header field it relies on and every record (length,
 * type, string items) before handing it out, so a corrupt or cut file is
 * an error that names the file and the byte offset, never a read out of
 * bounds. Records before the damage are still handed out. name must
 * outlive the reader; fd stays the caller's.
 */
struct sct_capr;

/* Reads and checks the header. NULL: see err. */
struct sct_capr *sct_capr__open(int fd, const char *name, char *err, size_t errlen);
const struct sct_cap_header *sct_capr__header(const struct sct_capr *r);
/*
 * 1 and *rec (valid until the next call), 0 after a valid trailer at the
 * end of the file, -EBADMSG (damaged or cut short) or -errno (read
 * failed), with sct_capr__errmsg() saying what and where.
 */
int sct_capr__next(struct sct_capr *r, const struct sctrace_hdr **rec);
/* After sct_capr__next() returned 0: the trailer. */
const struct sct_cap_trailer *sct_capr__trailer(const struct sct_capr *r);
const char *sct_capr__errmsg(const struct sct_capr *r);
void sct_capr__free(struct sct_capr *r);

#endif /* SCT_CAPFILE_H */
