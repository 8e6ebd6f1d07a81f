/* version.h: the tool's version, printed by --version. */
#ifndef VERSION_H
#define VERSION_H
#define SITE_GEN_VERSION "0.1.0"
#endif
