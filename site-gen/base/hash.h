/*
 * hash.h: the one hash of the tool, FNV-1a (64 bit), and the names made
 * from it: content hashes of report files, fingerprints of static assets,
 * slugs for agencies and regions that have none of their own.  Stable
 * across machines and versions, so a hash stored in a database or a URL
 * stays valid; not meant to resist anyone who chooses the input.
 */
#ifndef HASH_H
#define HASH_H

#include <stddef.h>
#include <stdint.h>

uint64_t fnv1a64(const void *p, size_t n);
/* The hash of what H is the hash of, followed by [p, p+n): a long input
 * hashed piece by piece, from FNV1A64_START, equals fnv1a64 of it whole. */
#define FNV1A64_START 0xcbf29ce484222325ULL
uint64_t fnv1a64_more(uint64_t h, const void *p, size_t n);
/* 16 lowercase hex digits of the hash of [p, p+n). */
void content_hash(const void *p, size_t n, char out[17]);
/* 8 lowercase hex digits: a short fingerprint for a file name. */
void fingerprint(const void *p, size_t n, char out[9]);
/* PREFIX + "-" + 12 hex digits of the hash of TEXT ("a" for agencies,
 * "r" for regions). */
void generated_slug(const char *prefix, const char *text, char out[32]);

#endif
