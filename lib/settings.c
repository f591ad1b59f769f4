/*
 * settings.c - version, status messages, and the parsing of the settings
 * every command shares: language, encoding, delimiter.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "internal.h"

const char *
sp_version(void)
{
	return SAMENSPEL_VERSION;
}

const char *
sp_strerror(sp_status status)
{
	switch (status) {
	case SP_OK:
		return "success";
	case SP_EOF:
		return "end of input";
	case SP_ERECORD:
		return "bad record";
	case SP_EHEADER:
		return "bad header";
	case SP_EIO:
		return "input/output error";
	case SP_ENOMEM:
		return "out of memory";
	case SP_EINVAL:
		return "invalid argument";
	}
	return "unknown error";
}

sp_status
sp_lang_parse(const char *name, sp_lang *lang)
{
	if (name == NULL)
		return SP_EINVAL;
	if (strncasecmp(name, "nl", 2) == 0) {
		*lang = SP_LANG_NL;
		return SP_OK;
	}
	if (strncasecmp(name, "en", 2) == 0 || strcmp(name, "C") == 0 ||
	    strncmp(name, "C.", 2) == 0 || strcmp(name, "POSIX") == 0) {
		*lang = SP_LANG_EN;
		return SP_OK;
	}
	return SP_EINVAL;
}

sp_lang
sp_lang_default(void)
{
	static const char *const vars[] = {
		"SAMENSPEL_LANG", "LC_ALL", "LC_MESSAGES", "LANG"
	};
	const char *v;
	size_t i;

	for (i = 0; i < sizeof vars / sizeof vars[0]; i++) {
		v = getenv(vars[i]);
		if (v != NULL && *v != '\0')
			return strncasecmp(v, "nl", 2) == 0 ?
			    SP_LANG_NL : SP_LANG_EN;
	}
	return SP_LANG_EN;
}

sp_status
sp_encoding_parse(const char *name, sp_encoding *enc)
{
	static const struct {
		const char *name;
		sp_encoding enc;
	} names[] = {
		{ "utf-8", SP_ENC_UTF8 }, { "utf8", SP_ENC_UTF8 },
		{ "cp1252", SP_ENC_CP1252 }, { "windows-1252", SP_ENC_CP1252 },
		{ "latin1", SP_ENC_LATIN1 }, { "latin-1", SP_ENC_LATIN1 },
		{ "iso-8859-1", SP_ENC_LATIN1 }, { "iso8859-1", SP_ENC_LATIN1 },
		{ "utf-16", SP_ENC_UTF16LE }, { "utf16", SP_ENC_UTF16LE },
		{ "utf-16le", SP_ENC_UTF16LE }, { "utf16le", SP_ENC_UTF16LE },
		{ "utf-16be", SP_ENC_UTF16BE }, { "utf16be", SP_ENC_UTF16BE }
	};
	size_t i;

	for (i = 0; name != NULL && i < sizeof names / sizeof names[0]; i++)
		if (strcasecmp(name, names[i].name) == 0) {
			*enc = names[i].enc;
			return SP_OK;
		}
	return SP_EINVAL;
}

sp_status
sp_delimiter_parse(const char *name, int *delim)
{
	if (name == NULL)
		return SP_EINVAL;
	if (strcmp(name, "auto") == 0) {
		*delim = 0;
		return SP_OK;
	}
	if (strcmp(name, "tab") == 0 || strcmp(name, "\\t") == 0) {
		*delim = '\t';
		return SP_OK;
	}
	if (name[0] != '\0' && name[1] == '\0' &&
	    strchr(",;|\t", (unsigned char)name[0]) != NULL) {
		*delim = (unsigned char)name[0];
		return SP_OK;
	}
	return SP_EINVAL;
}
